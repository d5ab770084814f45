package export

import (
	"sort"
	"time"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// publisher is the package publisher: site.yaml's publisher, with the site as its URI.
func (x *exporter) publisher() Publisher {
	return Publisher{Name: x.ds.Site.Publisher, URI: x.base + "/"}
}

func (x *exporter) releasePackage(uri string, rels []*Release) *ReleasePackage {
	if rels == nil {
		rels = []*Release{}
	}
	return &ReleasePackage{
		URI:               uri,
		Version:           OCDSVersion,
		Extensions:        []string{MetricsExtension},
		PublishedDate:     x.asOf.Format(time.RFC3339),
		Publisher:         x.publisher(),
		License:           x.ds.Site.LicenseURL,
		PublicationPolicy: x.abs(links.OpenData),
		Releases:          rels,
	}
}

// writeOCDS writes, for every project with at least one public release, its release package and
// its record package; and for every project year, the bulk release package of that year's
// projects (a process stays whole in the file of the year it was filed under, even when a later
// stage is published in the next calendar year).
func (x *exporter) writeOCDS(dir string) error {
	byYear := map[int][]*Release{}
	for _, p := range x.ds.Projects {
		rels := x.releases(p)
		if len(rels) == 0 {
			continue // nothing public yet: no package, as no page
		}
		byYear[p.Year] = append(byYear[p.Year], rels...)

		relURI := x.abs(links.OCDSReleasePackage(p.ID))
		if err := writeJSON(dir, links.OCDSReleasePackage(p.ID), x.releasePackage(relURI, rels)); err != nil {
			return err
		}
		rec, err := x.recordPackage(p, relURI, rels)
		if err != nil {
			return err
		}
		if err := writeJSON(dir, links.OCDSRecordPackage(p.ID), rec); err != nil {
			return err
		}
	}
	years := make([]int, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	sort.Ints(years)
	for _, y := range years {
		if err := writeCompactJSON(dir, links.OCDSYear(y), x.releasePackage(x.abs(links.OCDSYear(y)), byYear[y])); err != nil {
			return err
		}
	}
	return nil
}

func (x *exporter) recordPackage(p *records.Project, relURI string, rels []*Release) (*RecordPackage, error) {
	compiled, err := compile(rels)
	if err != nil {
		return nil, err
	}
	linked := make([]LinkedRelease, len(rels))
	for i, r := range rels {
		linked[i] = LinkedRelease{URL: relURI + "#" + r.ID, Date: r.Date, Tag: r.Tag}
	}
	return &RecordPackage{
		URI:               x.abs(links.OCDSRecordPackage(p.ID)),
		Version:           OCDSVersion,
		Extensions:        []string{MetricsExtension},
		PublishedDate:     x.asOf.Format(time.RFC3339),
		Publisher:         x.publisher(),
		License:           x.ds.Site.LicenseURL,
		PublicationPolicy: x.abs(links.OpenData),
		Packages:          []string{relURI},
		Records:           []Record{{OCID: x.ocid(p), Releases: linked, CompiledRelease: compiled}},
	}, nil
}
