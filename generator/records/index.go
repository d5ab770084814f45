package records

import (
	"fmt"
	"regexp"

	"github.com/gongkai/gongkai/generator/diag"
)

var (
	projectIDPattern = regexp.MustCompile(`^[A-Za-z0-9-]+$`)
	bodyIDPattern    = regexp.MustCompile(`^[a-z0-9-]+$`)
)

// buildIndex fills ds.Index and reports duplicate and malformed ids. The first record with an id
// wins; later ones are reported where they are written.
func buildIndex(ds *Dataset, diags *diag.List) {
	ix := Index{
		Body:       make(map[string]*Body, len(ds.Bodies)),
		Provider:   make(map[string]*Provider, len(ds.Providers)),
		Item:       map[string]*CatalogueNode{},
		BudgetLine: map[string]*BudgetLine{},
		Project:    make(map[string]*Project, len(ds.Projects)),
	}
	dup := func(p diag.Pos, what, id string, first diag.Pos) {
		diags.Add(p, "duplicate-id", fmt.Sprintf("%s %s 重复，已在 %s 定义", what, id, first),
			fmt.Sprintf("duplicate %s %s, first defined at %s", what, id, first))
	}
	for _, b := range ds.Bodies {
		if b.ID == "" {
			continue
		}
		if !bodyIDPattern.MatchString(b.ID) {
			diags.Add(b.At("id"), "bad-id", fmt.Sprintf("购买主体编号 %q 只能用小写字母、数字和连字符（a-z 0-9 -）", b.ID),
				fmt.Sprintf("body id %q may only use a-z, 0-9 and -", b.ID))
		}
		if first, ok := ix.Body[b.ID]; ok {
			dup(b.At("id"), "购买主体编号 body id", b.ID, first.At("id"))
			continue
		}
		ix.Body[b.ID] = b
	}
	for _, p := range ds.Providers {
		if p.CreditCode == "" {
			continue
		}
		if first, ok := ix.Provider[p.CreditCode]; ok {
			dup(p.At("credit_code"), "统一社会信用代码 credit code", p.CreditCode, first.At("credit_code"))
			continue
		}
		ix.Provider[p.CreditCode] = p
	}
	if ds.Catalogue != nil {
		var walk func([]*CatalogueNode)
		walk = func(nodes []*CatalogueNode) {
			for _, n := range nodes {
				if n.Code != "" {
					if first, ok := ix.Item[n.Code]; ok {
						dup(n.At("code"), "目录编码 catalogue code", n.Code, first.At("code"))
					} else {
						ix.Item[n.Code] = n
					}
				}
				walk(n.Children)
			}
		}
		walk(ds.Catalogue.Categories)
	}
	for _, y := range ds.Budgets {
		for _, b := range y.Bodies {
			for _, l := range b.Lines {
				if l.ID == "" {
					continue
				}
				if first, ok := ix.BudgetLine[l.ID]; ok {
					dup(l.At("id"), "预算项目编号 budget line id", l.ID, first.At("id"))
					continue
				}
				ix.BudgetLine[l.ID] = l
			}
		}
	}
	for _, p := range ds.Projects {
		if p.ID == "" {
			continue
		}
		if !projectIDPattern.MatchString(p.ID) {
			diags.Add(p.At("id"), "bad-id", fmt.Sprintf("项目编号 %q 只能用字母、数字和连字符（A-Z a-z 0-9 -）", p.ID),
				fmt.Sprintf("project id %q may only use A-Z, a-z, 0-9 and -", p.ID))
		}
		if first, ok := ix.Project[p.ID]; ok {
			dup(p.At("id"), "项目编号 project id", p.ID, first.At("id"))
			continue
		}
		ix.Project[p.ID] = p
	}
	ds.Index = ix
}
