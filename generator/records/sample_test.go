package records

import (
	"os"
	"path/filepath"
	"testing"
)

// TestShippedSampleData loads the sample data in the repository's data/ (the default site a new
// user builds) and requires zero errors and zero warnings.
func TestShippedSampleData(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "data", "site.yaml")); err != nil {
		t.Skip("the sample data (data/site.yaml) does not exist yet")
	}
	ds, diags := Load(root)
	for _, d := range diags {
		t.Errorf("%s: %s %s: %s", d.Pos, d.Severity, d.Code, d.Message)
	}
	if len(ds.Projects) == 0 || len(ds.Bodies) == 0 || len(ds.Providers) == 0 {
		t.Errorf("sample data loaded empty: %d projects, %d bodies, %d providers", len(ds.Projects), len(ds.Bodies), len(ds.Providers))
	}
}
