package export

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// coreFields is every field path of the OCDS 1.1 release schema (vendored in testdata), through
// objects and arrays: "tender/items/classification/scheme".
func coreFields(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(ocdsSchemaDirectory, "release-schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	defs, _ := schema["definitions"].(map[string]any)
	out := map[string]bool{}
	var walk func(s map[string]any, path string, depth int)
	walk = func(s map[string]any, path string, depth int) {
		if depth > 12 {
			return
		}
		if ref, ok := s["$ref"].(string); ok {
			if d, ok := defs[strings.TrimPrefix(ref, "#/definitions/")].(map[string]any); ok {
				walk(d, path, depth+1)
			}
		}
		if items, ok := s["items"].(map[string]any); ok {
			walk(items, path, depth+1)
		}
		props, _ := s["properties"].(map[string]any)
		for k, v := range props {
			p := strings.TrimPrefix(path+"/"+k, "/")
			out[p] = true
			if m, ok := v.(map[string]any); ok {
				walk(m, p, depth+1)
			}
		}
	}
	walk(schema, "", 0)
	return out
}

// TestOCDSExtensionsDeclared: every field of every release written is a core OCDS 1.1 field or
// one an extension adds, and that extension is declared by the package; every declared extension
// is used.
func TestOCDSExtensionsDeclared(t *testing.T) {
	core := coreFields(t)
	if !core["tender/items/classification/scheme"] || core["tender/targets"] {
		t.Fatal("the core field list is wrong: the test would show nothing")
	}
	used := map[string]bool{}
	for _, s := range sites(t) {
		t.Run(s.name, func(t *testing.T) {
			_, dir := build(t, s.root)
			for name, data := range files(t, dir) {
				if !strings.HasPrefix(name, "data/ocds/releases/") {
					continue
				}
				var pkg struct {
					Extensions []string         `json:"extensions"`
					Releases   []map[string]any `json:"releases"`
				}
				if err := json.Unmarshal(data, &pkg); err != nil {
					t.Fatal(err)
				}
				var walk func(v any, path string)
				walk = func(v any, path string) {
					switch v := v.(type) {
					case []any:
						for _, e := range v {
							walk(e, path)
						}
					case map[string]any:
						for k, e := range v {
							p := strings.TrimPrefix(path+"/"+k, "/")
							if core[p] {
								walk(e, p)
								continue
							}
							ext, ok := extensionFields[p]
							if !ok {
								t.Errorf("%s: %s is neither core OCDS 1.1 nor from a known extension", name, p)
								continue
							}
							used[ext] = true
							if !slices.Contains(pkg.Extensions, ext) {
								t.Errorf("%s: %s is from %s, which the package does not declare", name, p, ext)
							}
						}
					}
				}
				for _, r := range pkg.Releases {
					walk(r, "")
				}
			}
		})
	}
	var unused []string
	for _, e := range ocdsExtensions {
		if !used[e] {
			unused = append(unused, e)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Errorf("declared but never used: %v", unused)
	}
}

// TestOCDSPublisherAndRegion: the package publisher carries site.yaml's credit code, and the
// parties and the delivery address carry its administrative division code.
func TestOCDSPublisherAndRegion(t *testing.T) {
	ds, dir := build(t, fixtureRoot)
	var pkg struct {
		Publisher struct{ Scheme, UID string }
		Releases  []struct {
			Parties []struct {
				Address *struct{ Region, Locality string }
			}
			Tender *struct {
				Items []struct {
					DeliveryAddress *struct{ Region string } `json:"deliveryAddress"`
				}
			}
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "data", "ocds", "releases", "SLS-2025-001.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatal(err)
	}
	if pkg.Publisher.Scheme != "CN-USCI" || pkg.Publisher.UID != ds.Site.PublisherCreditCode || ds.Site.PublisherCreditCode == "" {
		t.Errorf("publisher %+v, site.yaml publisher_credit_code %q", pkg.Publisher, ds.Site.PublisherCreditCode)
	}
	addresses, items := 0, 0
	for _, r := range pkg.Releases {
		for _, p := range r.Parties {
			if p.Address != nil {
				addresses++
				if p.Address.Region != ds.Site.RegionCode || p.Address.Locality != ds.Site.Region {
					t.Errorf("party address region %q locality %q", p.Address.Region, p.Address.Locality)
				}
			}
		}
		if r.Tender != nil {
			for _, it := range r.Tender.Items {
				items++
				if it.DeliveryAddress == nil || it.DeliveryAddress.Region != ds.Site.RegionCode {
					t.Errorf("item delivery address %+v, want region %s", it.DeliveryAddress, ds.Site.RegionCode)
				}
			}
		}
	}
	if addresses == 0 || items == 0 {
		t.Fatalf("%d addresses, %d items: the case shows nothing", addresses, items)
	}
}
