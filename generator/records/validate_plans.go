package records

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gongkai/gongkai/generator/diag"
)

var (
	categoryCode = regexp.MustCompile(`^[A-Z]$`)
	subCode      = regexp.MustCompile(`^[0-9]{2}$`)
)

// catalogue checks the three levels and their codes: 类 A, 款 A01, 项 A0101.
func (v *validator) catalogue() {
	if v.ds.Catalogue == nil {
		return
	}
	var walk func(nodes []*CatalogueNode)
	walk = func(nodes []*CatalogueNode) {
		for _, n := range nodes {
			v.catalogueCode(n)
			if n.Level >= 3 && len(n.Children) > 0 {
				v.add(n.At("children"), "bad-format", "指导目录只有三级（类、款、项），“项”下不能再有子项",
					"the catalogue has three levels (类, 款, 项); a 项 cannot have children")
				continue
			}
			walk(n.Children)
		}
	}
	walk(v.ds.Catalogue.Categories)
}

func (v *validator) catalogueCode(n *CatalogueNode) {
	if n.Code == "" {
		return
	}
	ok := false
	want := "一个大写字母，如 A"
	wantEn := "one capital letter, e.g. A"
	if n.Parent == nil {
		ok = categoryCode.MatchString(n.Code)
	} else {
		rest, found := strings.CutPrefix(n.Code, n.Parent.Code)
		ok = found && subCode.MatchString(rest)
		want = fmt.Sprintf("上级编码 %s 加两位数字，如 %s01", n.Parent.Code, n.Parent.Code)
		wantEn = fmt.Sprintf("the parent code %s and two digits, e.g. %s01", n.Parent.Code, n.Parent.Code)
	}
	if !ok {
		v.add(n.At("code"), "bad-id", fmt.Sprintf("目录编码 %q 应为%s", n.Code, want), fmt.Sprintf("catalogue code %q must be %s", n.Code, wantEn))
	}
}

// item resolves a catalogue ref that must name a 项 (level 3), reporting when it does not.
func (v *validator) item(src Src, key, code string) *CatalogueNode {
	if code == "" {
		return nil
	}
	n := v.ds.Index.Item[code]
	if n == nil {
		v.dangling(src.At(key), "指导目录项", "catalogue item", code)
		return nil
	}
	if n.Level != 3 {
		v.add(src.At(key), "dangling-ref", fmt.Sprintf("%s（%s）不是“项”：请填写第三级的目录编码", code, n.Name),
			fmt.Sprintf("%s (%s) is not an item: use a third-level catalogue code", code, n.Name))
		return nil
	}
	return n
}

// excluded reports an item (or an ancestor) that must not be bought.
func (v *validator) excluded(src Src, key string, n *CatalogueNode) {
	for a := n; a != nil; a = a.Parent {
		if a.Excluded {
			v.add(src.At(key), "excluded-item",
				fmt.Sprintf("%s（%s）属于不得购买的服务（应当由政府直接提供）", n.Code, a.Name),
				fmt.Sprintf("%s falls under %s, which must not be bought (the government provides it directly)", n.Code, a.Name))
			return
		}
	}
}

func (v *validator) budgets() {
	for _, y := range v.ds.Budgets {
		for _, b := range y.Bodies {
			if b.Body != "" && v.ds.Index.Body[b.Body] == nil {
				v.dangling(b.At("body"), "购买主体", "body", b.Body)
			}
			for _, l := range b.Lines {
				if n := v.item(l.Src, "item", l.Item); n != nil {
					v.excluded(l.Src, "item", n)
				}
				v.enum(l.Src, "source", l.Source, FundingSources)
			}
		}
	}
}

// budgetLineTotals warns when the projects on one budget line together exceed it.
func (v *validator) budgetLineTotals() {
	total := map[*BudgetLine]Money{}
	var order []*BudgetLine
	for _, p := range v.ds.Projects {
		l := v.ds.Index.BudgetLine[p.BudgetLine]
		if l == nil || l.Year != p.Year || l.Body != p.Body {
			continue
		}
		if _, ok := total[l]; !ok {
			order = append(order, l)
		}
		total[l] += p.Budget
	}
	for _, l := range order {
		if total[l] > l.Amount {
			v.warn(l.At("amount"), "budget-bound",
				fmt.Sprintf("预算项目 %s 下各项目预算合计 %s 元，超过预算金额 %s 元", l.ID, total[l].Yuan(), l.Amount.Yuan()),
				fmt.Sprintf("the projects on budget line %s total %s yuan, more than its %s yuan", l.ID, total[l].Yuan(), l.Amount.Yuan()))
		}
	}
}

func (v *validator) calendars() {
	for _, c := range v.ds.Calendars {
		in := func(d Date, at diag.Pos) {
			if !d.IsZero() && c.Year != 0 && d.Year != c.Year {
				v.add(at, "calendar-year", fmt.Sprintf("日期 %s 不在 %d 年内", d, c.Year), fmt.Sprintf("date %s is not in %d", d, c.Year))
			}
		}
		for _, h := range c.Holidays {
			in(h.From, h.At("from"))
			in(h.To, h.At("to"))
			v.order("date-order", h.From, "开始日期 from", h.To, "结束日期 to", h.At("to"))
		}
		for i, d := range c.Workdays {
			in(d, c.At(fmt.Sprintf("workdays[%d]", i)))
		}
	}
}
