package records

import "github.com/gongkai/gongkai/generator/diag"

// Load reads and cross-checks everything under root/data/. It returns every problem found;
// the Dataset is usable only when the list has no errors.
// TODO(records issue): implement.
func Load(root string) (*Dataset, diag.List) { return &Dataset{Root: root}, nil }
