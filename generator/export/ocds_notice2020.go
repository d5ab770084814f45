package export

import (
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/generator/records"
)

// The 2020 notice-format fields (政府采购公告和公示信息格式规范（2020年版）) that OCDS 1.1 has no field
// for are published as "名称：内容" lines in the description of the object that carries the notice:
//
//   - 购买形式 and 政策依据 (the project's legal basis): planning.rationale;
//   - 是否接受联合体, 代理机构 and 项目联系人 of the call: the description of the call's notice document;
//   - 评审专家, 评审得分 and 代理服务费 of the result notice: the description of the award notice
//     document (bidders named in the scores are also tenderers, see award);
//   - 权利义务 and 违约责任 of the contract: contracts[].description, after the contract's other terms.
//
// The agency is also the procuringEntity party and the buyer's office contact its contactPoint.

// line is "label：value", or "" when value is empty.
func line(label, value string) string {
	value = strings.TrimSpace(value)
	if value == "" {
		return ""
	}
	return label + "：" + value
}

func joinLines(ls ...string) string {
	var out []string
	for _, l := range ls {
		if l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// contactText is a contact on one line: 养老服务科 电话 0871-12345678 地址 ….
func contactText(c records.Contact) string {
	var parts []string
	for _, kv := range [][2]string{{"", c.Name}, {"电话 ", c.Phone}, {"邮箱 ", c.Email}, {"地址 ", c.Address}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+kv[1])
		}
	}
	return strings.Join(parts, " ")
}

// planningRationale is the project's purchase form and legal basis.
func (pr *process) planningRationale() string {
	var basis []string
	for _, l := range pr.p.LegalBasis {
		s := l.Number
		if l.Title != "" {
			s = strings.TrimSpace(l.Number + " 《" + l.Title + "》")
		}
		basis = append(basis, s)
	}
	return joinLines(line("购买形式", pr.p.Form), line("政策依据", strings.Join(basis, "；")))
}

// noticeFields are the 2020-format fields of notice n with no OCDS field, for its document.
func (pr *process) noticeFields(n records.Notice) string {
	p := pr.p
	switch n.Kind {
	case records.KindCall:
		c := p.Call
		consortium := "否"
		if c.Consortium {
			consortium = "是"
		}
		ls := []string{line("是否接受联合体", consortium)}
		if a := c.Agency; a != nil {
			name := a.Name
			if a.CreditCode != "" {
				name += "（统一社会信用代码 " + a.CreditCode + "）"
			}
			ls = append(ls, line("代理机构", strings.TrimSpace(name+" "+contactText(a.Contact))))
		}
		for _, ct := range c.Contacts {
			ls = append(ls, line("项目联系人", contactText(ct)))
		}
		return joinLines(ls...)
	case records.KindAward:
		a := p.Award
		var scores []string
		for _, s := range a.Scores {
			t := s.Bidder
			if s.Score != 0 {
				t += " " + strconv.FormatFloat(s.Score, 'f', -1, 64) + "分"
			}
			if s.Rank != 0 {
				t += " 第" + strconv.Itoa(s.Rank) + "名"
			}
			scores = append(scores, t)
		}
		fee := ""
		if a.AgencyFee != 0 {
			fee = a.AgencyFee.Yuan() + "元"
		}
		return joinLines(line("评审专家", strings.Join(a.Experts, "、")), line("评审得分", strings.Join(scores, "；")),
			line("代理服务费", fee))
	}
	return ""
}

// contractClauses are the contract's rights/obligations and liability clauses.
func contractClauses(c *records.Contract) []string {
	return []string{line("权利义务", c.Obligations.Source), line("违约责任", c.Liability.Source)}
}
