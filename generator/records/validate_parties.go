package records

import (
	"fmt"
	"regexp"
)

var (
	bodyKinds     = []string{BodyAdministrative, BodyPublicInst, BodyMassOrg}
	providerKinds = []string{ProviderAssociation, ProviderSocialOrg, ProviderFoundation, ProviderCompany, ProviderPublicInst}
	providerGrade = []string{"3A", "4A", "5A"}
)

func (v *validator) bodies() {
	for _, b := range v.ds.Bodies {
		v.enum(b.Src, "kind", b.Kind, bodyKinds)
		v.creditCode(b.Src, "credit_code", b.CreditCode)
		v.bodyParent(b)
		if b.Abbr != "" && !abbrPattern.MatchString(b.Abbr) {
			v.add(b.At("abbr"), "bad-format", fmt.Sprintf("项目编号中的简称只能用字母和数字，这里是 %q", b.Abbr),
				fmt.Sprintf("abbr (the body in project ids) may only hold letters and digits, found %q", b.Abbr))
		}
	}
}

var abbrPattern = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// bodyParent checks that a parent body exists and that following parents never loops.
func (v *validator) bodyParent(b *Body) {
	if b.Parent == "" {
		return
	}
	if v.ds.Index.Body[b.Parent] == nil {
		v.dangling(b.At("parent"), "上级购买主体", "parent body", b.Parent)
		return
	}
	seen := map[string]bool{b.ID: true}
	for p := v.ds.Index.Body[b.Parent]; p != nil; p = v.ds.Index.Body[p.Parent] {
		if seen[p.ID] {
			v.add(b.At("parent"), "dangling-ref", fmt.Sprintf("上级购买主体形成循环（%s）", b.Parent),
				fmt.Sprintf("parent bodies form a loop (%s)", b.Parent))
			return
		}
		seen[p.ID] = true
	}
}

func (v *validator) providers() {
	for _, p := range v.ds.Providers {
		v.creditCode(p.Src, "credit_code", p.CreditCode)
		v.enum(p.Src, "kind", p.Kind, providerKinds)
		v.enum(p.Src, "grade", p.Grade, providerGrade)
		for _, s := range p.Sanctions {
			v.order("date-order", s.From, "开始日期 from", s.To, "结束日期 to", s.At("to"))
		}
	}
}
