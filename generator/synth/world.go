package synth

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/gongkai/gongkai/generator/records"
)

const (
	regionName = "示例市"
	regionCode = "539900" // fictional: no real division uses it
)

// item is one buyable 项 of the catalogue with what the synthetic world needs to price it.
type item struct {
	code, name string
	theme      string
	minWan     int // typical budget range, 万元
	maxWan     int
	excluded   bool
}

type kuan struct {
	code, name string
	items      []item
}

type lei struct {
	code, name string
	kuans      []kuan
}

// catalogueTable is the guidance catalogue (指导目录), 6 类. Excluded items are the services a
// government must provide itself; projects never use them.
var catalogueTable = []lei{
	{"A", "基本公共服务", []kuan{
		{"A01", "公共教育", []item{{"A0101", "中小学生课后服务", "youth", 20, 300, false}, {"A0102", "学前教育辅助服务", "youth", 10, 150, false}}},
		{"A02", "就业公共服务", []item{{"A0201", "职业技能培训", "employment", 10, 400, false}, {"A0202", "就业见习与职业指导服务", "employment", 5, 120, false}, {"A0203", "创业孵化指导服务", "employment", 10, 200, false}}},
		{"A03", "社会救助", []item{{"A0301", "困难群众入户核查服务", "social", 10, 120, false}, {"A0302", "困难群众帮扶关爱服务", "social", 10, 200, false}}},
		{"A04", "养老服务", []item{{"A0401", "居家养老上门服务", "elderly", 20, 600, false}, {"A0402", "社区老年助餐服务", "elderly", 10, 300, false}, {"A0403", "特殊困难老年人探访关爱服务", "elderly", 5, 150, false}, {"A0404", "社区养老服务设施运营", "elderly", 30, 500, false}}},
		{"A05", "儿童福利和未成年人保护", []item{{"A0501", "困境儿童关爱保护服务", "youth", 5, 150, false}, {"A0502", "未成年人心理健康服务", "youth", 5, 100, false}}},
		{"A06", "残疾人服务", []item{{"A0601", "残疾人居家康复服务", "disability", 10, 300, false}, {"A0602", "残疾人托养服务", "disability", 20, 400, false}, {"A0603", "残疾儿童康复训练", "disability", 10, 300, false}}},
		{"A07", "公共卫生", []item{{"A0701", "健康教育与健康促进服务", "health", 5, 150, false}, {"A0702", "严重精神障碍患者社区康复服务", "health", 10, 200, false}}},
		{"A08", "公共文化体育", []item{{"A0801", "公共文化场馆运营服务", "culture", 30, 800, false}, {"A0802", "群众文化活动组织", "culture", 5, 200, false}, {"A0803", "全民健身指导服务", "culture", 5, 150, false}}},
	}},
	{"B", "社会管理性服务", []kuan{
		{"B01", "社区治理服务", []item{{"B0101", "社区社会工作服务站运营", "social", 20, 300, false}, {"B0102", "社区社会组织培育孵化", "social", 10, 150, false}}},
		{"B02", "社会工作服务", []item{{"B0201", "禁毒社会工作服务", "social", 10, 200, false}, {"B0202", "社区矫正社会工作服务", "legal", 10, 150, false}, {"B0203", "青少年事务社会工作服务", "youth", 10, 150, false}}},
		{"B03", "人民调解与法律援助", []item{{"B0301", "人民调解服务", "legal", 10, 200, false}, {"B0302", "法律援助服务", "legal", 10, 300, false}, {"B0303", "公共法律服务热线运营", "legal", 20, 250, false}}},
		{"B04", "志愿服务", []item{{"B0401", "志愿服务组织培育与运营", "social", 5, 100, false}}},
		{"B05", "公共安全服务", []item{{"B0501", "安全生产宣传培训服务", "safety", 5, 150, false}, {"B0502", "防灾减灾宣传与应急演练服务", "safety", 5, 100, false}}},
	}},
	{"C", "行业管理与协调性服务", []kuan{
		{"C01", "行业规划与标准", []item{{"C0101", "行业发展规划研究", "industry", 10, 150, false}, {"C0102", "行业标准制修订", "industry", 10, 100, false}}},
		{"C02", "行业统计分析", []item{{"C0201", "行业统计调查", "industry", 10, 120, false}, {"C0202", "行业运行监测分析", "industry", 10, 150, false}}},
		{"C03", "行业评价与交流", []item{{"C0301", "职业技能等级认定组织服务", "employment", 10, 200, false}, {"C0302", "行业交流与展会组织", "industry", 20, 300, false}}},
	}},
	{"D", "技术性服务", []kuan{
		{"D01", "科研和技术推广", []item{{"D0101", "农业技术推广服务", "tech", 10, 200, false}, {"D0102", "科学普及服务", "tech", 5, 100, false}}},
		{"D02", "检验检测", []item{{"D0201", "食品安全抽检服务", "tech", 20, 500, false}, {"D0202", "生态环境监测服务", "tech", 20, 600, false}}},
		{"D03", "信息化服务", []item{{"D0301", "信息系统运行维护服务", "tech", 20, 500, false}, {"D0302", "数据处理与分析服务", "tech", 10, 300, false}, {"D0303", "网络安全服务", "tech", 10, 200, false}}},
	}},
	{"E", "政府履职辅助性服务", []kuan{
		{"E01", "法律服务", []item{{"E0101", "法律顾问服务", "research", 5, 60, false}}},
		{"E02", "课题研究和社会调查", []item{{"E0201", "政策研究服务", "research", 10, 150, false}, {"E0202", "社会调查与满意度测评服务", "research", 5, 120, false}}},
		{"E03", "财务会计审计", []item{{"E0301", "财政支出绩效评价服务", "research", 10, 200, false}, {"E0302", "财务审计服务", "research", 5, 150, false}}},
		{"E04", "会议和展览", []item{{"E0401", "会议组织服务", "logistics", 5, 150, false}}},
		{"E05", "后勤服务", []item{{"E0501", "物业管理服务", "logistics", 20, 600, false}, {"E0502", "安全保卫服务", "logistics", 20, 400, false}}},
		{"E06", "行政决策与执法", []item{{"E0601", "行政决策", "", 0, 0, true}, {"E0602", "行政许可审查", "", 0, 0, true}, {"E0603", "行政执法", "", 0, 0, true}}},
	}},
	{"F", "其他", []kuan{
		{"F01", "其他适宜由社会力量承担的服务", []item{{"F0101", "其他公共服务", "social", 5, 150, false}}},
	}},
}

// dept is a template of a purchasing body; district-level copies get a prefix.
type dept struct {
	abbr, name, kind string
	items            []string // 项 codes it buys
	weight           int      // relative number of projects
	district         bool     // also exists in each district
}

var depts = []dept{
	{"mzj", "民政局", records.BodyAdministrative, []string{"A0301", "A0302", "A0401", "A0402", "A0403", "A0404", "A0501", "B0101", "B0102", "B0401", "F0101"}, 14, true},
	{"rsj", "人力资源和社会保障局", records.BodyAdministrative, []string{"A0201", "A0202", "A0203", "C0301"}, 8, true},
	{"jyj", "教育局", records.BodyAdministrative, []string{"A0101", "A0102", "A0502"}, 6, true},
	{"wjw", "卫生健康委员会", records.BodyAdministrative, []string{"A0701", "A0702", "E0202"}, 6, true},
	{"sfj", "司法局", records.BodyAdministrative, []string{"B0202", "B0301", "B0302", "B0303", "E0101"}, 5, true},
	{"cl", "残疾人联合会", records.BodyMassOrg, []string{"A0601", "A0602", "A0603"}, 5, true},
	{"wlj", "文化和旅游局", records.BodyAdministrative, []string{"A0801", "A0802"}, 4, true},
	{"tyj", "体育局", records.BodyAdministrative, []string{"A0803", "A0802"}, 2, false},
	{"gqt", "共青团委员会", records.BodyMassOrg, []string{"B0203", "A0501", "B0401"}, 2, false},
	{"fl", "妇女联合会", records.BodyMassOrg, []string{"A0501", "A0502", "B0102"}, 2, false},
	{"zgh", "总工会", records.BodyMassOrg, []string{"A0201", "A0802"}, 2, false},
	{"jdb", "禁毒委员会办公室", records.BodyAdministrative, []string{"B0201"}, 2, false},
	{"yjj", "应急管理局", records.BodyAdministrative, []string{"B0501", "B0502"}, 3, true},
	{"nyj", "农业农村局", records.BodyAdministrative, []string{"D0101", "C0201"}, 3, false},
	{"scj", "市场监督管理局", records.BodyAdministrative, []string{"D0201", "C0102", "C0202"}, 4, false},
	{"sthj", "生态环境局", records.BodyAdministrative, []string{"D0202"}, 3, false},
	{"kx", "科学技术协会", records.BodyMassOrg, []string{"D0102"}, 1, false},
	{"czj", "财政局", records.BodyAdministrative, []string{"E0301", "E0302", "E0201"}, 3, true},
	{"fgw", "发展和改革委员会", records.BodyAdministrative, []string{"E0201", "C0101"}, 2, false},
	{"gxj", "工业和信息化局", records.BodyAdministrative, []string{"C0202", "C0302", "D0302"}, 2, false},
	{"swj", "商务局", records.BodyAdministrative, []string{"C0302", "C0201"}, 2, false},
	{"sjj", "数据局", records.BodyAdministrative, []string{"D0301", "D0302", "D0303"}, 3, false},
	{"jgswj", "机关事务管理局", records.BodyAdministrative, []string{"E0501", "E0502", "E0401"}, 3, false},
	{"tyjrj", "退役军人事务局", records.BodyAdministrative, []string{"A0202", "A0302"}, 1, false},
	{"ybj", "医疗保障局", records.BodyAdministrative, []string{"E0202", "D0302"}, 1, false},
	{"sbzx", "社会保险事业管理局", records.BodyPublicInst, []string{"D0302", "E0202"}, 1, false},
}

var districts = []struct{ abbr, name string }{
	{"dc", "东城区"}, {"xc", "西城区"}, {"nh", "南湖区"}, {"bs", "北山区"}, {"qs", "青山县"}, {"ly", "柳溪县"}, {"hx", "禾溪县"}, {"ss", "石塘县"},
}

var streets = []string{"人民路", "建设路", "解放路", "和平路", "团结路", "民主街", "文化路", "新华路", "环城路", "滨河路", "东风路", "金碧路"}

// world is every shared record the projects refer to.
type world struct {
	opt       Options
	site      *records.Site
	bodies    []*records.Body
	bodyDept  map[string]*dept
	bodyW     []int // cumulative weights over bodies
	providers []*records.Provider
	byKind    map[string][]int // provider indices by theme suitability
	items     map[string]*item
	itemIdx   []string
	agencies  []*records.Agency
	wd        workdays
}

func contact(r *rand.Rand, office string) records.Contact {
	return records.Contact{
		Name:    office + " " + string(surnames[r.IntN(len(surnames))]) + "老师",
		Phone:   fmt.Sprintf("0870-%d%07d", 6+r.IntN(3), r.IntN(10000000)),
		Address: fmt.Sprintf("%s%s%d号", regionName, pick(r, streets), 1+r.IntN(300)),
	}
}

// bodyCount scales departments with the data: a city of 10,000 projects has about eighty bodies.
func bodyCount(projects int) int {
	n := projects / 120
	if n < 8 {
		n = 8
	}
	max := len(depts) + len(districts)*countDistrictDepts()
	if n > max {
		n = max
	}
	return n
}

func countDistrictDepts() int {
	n := 0
	for _, d := range depts {
		if d.district {
			n++
		}
	}
	return n
}

func providerCount(projects int) int {
	n := projects / 8
	if n < 24 {
		n = 24
	}
	if n > 6000 {
		n = 6000
	}
	return n
}

func newWorld(opt Options, r *rand.Rand) *world {
	w := &world{opt: opt, items: map[string]*item{}, bodyDept: map[string]*dept{}, wd: newWorkdays(), byKind: map[string][]int{}}
	for li := range catalogueTable {
		for ki := range catalogueTable[li].kuans {
			for ii := range catalogueTable[li].kuans[ki].items {
				it := &catalogueTable[li].kuans[ki].items[ii]
				w.items[it.code] = it
				if !it.excluded {
					w.itemIdx = append(w.itemIdx, it.code)
				}
			}
		}
	}
	w.site = &records.Site{
		Title:      regionName + "政府购买服务信息公开",
		Publisher:  regionName + "财政局",
		Region:     regionName,
		RegionCode: regionCode,
		BaseURL:    "https://gongkai.example.gov.cn/",
		OCIDPrefix: "ocds-gk5399",
		Contact: records.Contact{
			Name: "政府采购监督管理科", Phone: "0870-6123456", Email: "zfcg@example.gov.cn",
			Address: regionName + "人民路1号市级行政中心3号楼",
		},
		License:    "知识共享署名 4.0 国际许可协议（CC BY 4.0）",
		LicenseURL: "https://creativecommons.org/licenses/by/4.0/deed.zh-hans",
		Language:   "zh-CN",
	}
	w.makeBodies(r)
	w.makeProviders(r)
	w.makeAgencies(r)
	return w
}

func (w *world) makeBodies(r *rand.Rand) {
	n := bodyCount(w.opt.Projects)
	var all []struct {
		id, name string
		d        *dept
	}
	for i := range depts {
		all = append(all, struct {
			id, name string
			d        *dept
		}{depts[i].abbr, regionName + depts[i].name, &depts[i]})
	}
	for _, dist := range districts {
		for i := range depts {
			if depts[i].district {
				all = append(all, struct {
					id, name string
					d        *dept
				}{dist.abbr + "-" + depts[i].abbr, regionName + dist.name + depts[i].name, &depts[i]})
			}
		}
	}
	all = all[:n]
	seen := map[string]bool{}
	total := 0
	for _, a := range all {
		kind := "11"
		if a.d.kind == records.BodyMassOrg {
			kind = "13"
		} else if a.d.kind == records.BodyPublicInst {
			kind = "12"
		}
		var code string
		for {
			code = newCreditCode(r, kind, regionCode, "")
			// an all-digit code that passes Luhn would look like a bank card number to the
			// personal-data check; real codes can, synthetic ones need not
			if !seen[code] && !luhnValid(code) {
				break
			}
		}
		seen[code] = true
		b := &records.Body{ID: a.id, Name: a.name, Kind: a.d.kind, CreditCode: code, Contact: contact(r, "办公室")}
		if i := strings.IndexByte(a.id, '-'); i > 0 {
			// district departments report to the district's finance bureau only for budgets;
			// the parent link is the city department of the same kind
			b.Parent = a.id[i+1:]
			if !containsBody(all[:len(depts)], b.Parent) {
				b.Parent = ""
			}
		}
		b.Contact.Email = strings.ReplaceAll(a.id, "-", "") + "@example.gov.cn"
		w.bodies = append(w.bodies, b)
		w.bodyDept[b.ID] = a.d
		weight := a.d.weight
		if b.Parent != "" {
			weight = (weight + 1) / 2
		}
		total += weight
		w.bodyW = append(w.bodyW, total)
	}
}

func containsBody(xs []struct {
	id, name string
	d        *dept
}, id string) bool {
	for _, x := range xs {
		if x.id == id {
			return true
		}
	}
	return false
}

func (w *world) pickBody(r *rand.Rand) *records.Body {
	x := r.IntN(w.bodyW[len(w.bodyW)-1])
	i := sort.SearchInts(w.bodyW, x+1)
	return w.bodies[i]
}

var providerPrefixes = []string{"阳光", "晨曦", "同心", "爱心", "乐龄", "启航", "春晖", "善德", "和悦", "康宁", "博雅", "众合", "新星", "彩虹", "益行", "暖阳", "明德", "仁爱", "心桥", "青禾", "福寿", "安康", "惠民", "致远", "聚力", "东方", "润泽", "长青", "金色", "朝阳", "德馨", "百合", "馨悦", "鸿志", "齐心", "方圆", "正道", "信达", "华泰", "睿智"}

type providerKind struct {
	kind, code, prefix string
	weight             int
	suffixes           []string
	themes             []string
}

var providerKinds = []providerKind{
	{records.ProviderSocialOrg, "52", "MJ", 40, []string{"社会工作服务中心", "养老服务中心", "社区服务中心", "康复服务中心", "青少年服务中心", "职业培训学校", "公益服务中心", "调解服务中心"}, []string{"elderly", "social", "disability", "youth", "employment", "legal", "health", "culture"}},
	{records.ProviderCompany, "91", "MA", 35, []string{"物业服务有限公司", "信息技术有限公司", "检测技术有限公司", "管理咨询有限公司", "人力资源服务有限公司", "文化传播有限公司", "安全技术服务有限公司", "会计师事务所（普通合伙）", "律师事务所"}, []string{"logistics", "tech", "research", "industry", "employment", "culture", "safety", "legal", "elderly", "health"}},
	{records.ProviderAssociation, "51", "MJ", 15, []string{"社会工作者协会", "养老服务业协会", "志愿者协会", "行业协会", "老年人体育协会", "法学会"}, []string{"social", "industry", "elderly", "culture", "legal"}},
	{records.ProviderFoundation, "53", "MJ", 3, []string{"慈善基金会", "助学基金会"}, []string{"youth", "social", "disability"}},
	{records.ProviderPublicInst, "12", "", 7, []string{"职业技能培训中心", "疾病预防控制服务中心", "技术推广站", "综合检测中心"}, []string{"employment", "health", "tech", "research"}},
}

func (w *world) makeProviders(r *rand.Rand) {
	n := providerCount(w.opt.Projects)
	total := 0
	for _, k := range providerKinds {
		total += k.weight
	}
	names := map[string]bool{}
	codes := map[string]bool{}
	for len(w.providers) < n {
		x := r.IntN(total)
		var k *providerKind
		for i := range providerKinds {
			if x < providerKinds[i].weight {
				k = &providerKinds[i]
				break
			}
			x -= providerKinds[i].weight
		}
		place := regionName
		if r.IntN(3) == 0 {
			place += pick(r, districts).name
		}
		name := place + pick(r, providerPrefixes) + pick(r, k.suffixes)
		if names[name] {
			// large worlds run out of plain combinations; real registries disambiguate the same way
			name = place + pick(r, providerPrefixes) + pick(r, providerPrefixes) + pick(r, k.suffixes)
			if names[name] {
				continue
			}
		}
		names[name] = true
		var code string
		for {
			code = newCreditCode(r, k.code, regionCode, k.prefix)
			if !codes[code] && !luhnValid(code) {
				break
			}
		}
		codes[code] = true
		p := &records.Provider{CreditCode: code, Name: name, Kind: k.kind,
			Address: fmt.Sprintf("%s%s%d号", regionName, pick(r, streets), 1+r.IntN(500))}
		switch k.kind {
		case records.ProviderCompany:
			p.RegistrationAuthority = regionName + "市场监督管理局"
		case records.ProviderPublicInst:
			p.RegistrationAuthority = regionName + "事业单位登记管理局"
		default:
			p.RegistrationAuthority = regionName + "民政局"
			if r.IntN(10) < 6 {
				p.Grade = pick(r, []string{"3A", "3A", "4A", "4A", "5A"})
			}
			first := w.opt.Years[0] - 1 - r.IntN(6)
			for y := first; y < w.opt.Years[0]; y++ {
				p.InspectionYears = append(p.InspectionYears, y)
			}
		}
		i := len(w.providers)
		w.providers = append(w.providers, p)
		for _, t := range k.themes {
			w.byKind[t] = append(w.byKind[t], i)
		}
	}
	// a few providers carry an older, expired bar or a non-barring record, so the sanctions page
	// and the barred-provider rule have something real to look at
	first := records.NewDate(w.opt.Years[0]-2, 3, 1)
	for i, p := range w.providers {
		// provider 5 always carries one, so even small worlds exercise the barred-provider rule
		if r.IntN(50) != 0 && i != 5 {
			continue
		}
		from := first.AddDays(r.IntN(300))
		p.Sanctions = append(p.Sanctions, records.Sanction{
			From: from, To: from.AddDays(364),
			Reason:    pick(r, []string{"提供虚假材料谋取中标", "无正当理由拒不签订政府采购合同", "未按规定参加年度检查"}),
			Document:  fmt.Sprintf("示财采处〔%d〕%d号", from.Year, 1+i%90),
			DecidedBy: regionName + "财政局",
			Barred:    i == 5 || r.IntN(2) == 0,
		})
	}
}

func (w *world) makeAgencies(r *rand.Rand) {
	names := []string{"示例市公共资源招标代理有限公司", "云岭工程项目管理咨询有限公司", "示例市华信招标有限责任公司", "南湖建设工程咨询有限公司", "示例市政采招标代理服务有限公司", "金诚项目管理有限公司"}
	for _, n := range names {
		var code string
		for code == "" || luhnValid(code) {
			code = newCreditCode(r, "91", regionCode, "MA")
		}
		w.agencies = append(w.agencies, &records.Agency{Name: n, CreditCode: code, Contact: contact(r, "项目部")})
	}
}

func (w *world) catalogue() *records.Catalogue {
	c := &records.Catalogue{}
	for _, l := range catalogueTable {
		ln := &records.CatalogueNode{Code: l.code, Name: l.name}
		for _, k := range l.kuans {
			kn := &records.CatalogueNode{Code: k.code, Name: k.name}
			for _, it := range k.items {
				kn.Children = append(kn.Children, &records.CatalogueNode{Code: it.code, Name: it.name, Excluded: it.excluded})
			}
			ln.Children = append(ln.Children, kn)
		}
		c.Categories = append(c.Categories, ln)
	}
	return c
}
