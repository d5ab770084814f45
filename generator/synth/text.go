package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// A theme is the vocabulary of one kind of service: the synthetic texts are composed from these
// phrase tables so that every summary, condition and standard reads like a clerk wrote it.
type theme struct {
	purpose    []string
	contents   []string
	quantity   []string // one %d each
	qtyMin     int
	qtyMax     int
	quality    []string
	conditions []string
	place      string
}

var themes = map[string]*theme{
	"elderly": {
		purpose: []string{"健全居家社区养老服务体系，满足辖区老年人多层次、多样化的养老服务需求", "提升特殊困难老年人的生活质量，防范独居、空巢老年人安全风险", "推动养老服务向社区延伸，让老年人在家门口享受便捷服务"},
		contents: []string{"为经济困难的高龄、失能老年人提供助餐、助洁、助浴、助医等上门服务", "定期对独居、空巢、留守老年人开展探访关爱，建立一人一档服务台账", "运营社区老年人日间照料中心，提供日间托养、康复训练和文体娱乐活动",
			"开展老年人能力评估，根据评估结果制定个性化服务计划", "组织老年健康讲座、防诈骗宣传和智能手机使用培训", "链接志愿者资源，开展“时间银行”互助养老服务", "为老年人提供紧急呼叫响应和安全巡查服务"},
		quantity: []string{"服务老年人不少于%d人", "每月上门服务不少于%d人次", "建立服务对象档案不少于%d份"},
		qtyMin:   80, qtyMax: 1500,
		quality:    []string{"服务人员须经岗前培训并持证上岗，护理员与服务对象配比不低于1:10", "服务对象满意度不低于90%", "建立服务质量回访制度，每季度回访率不低于30%"},
		conditions: []string{"具有养老服务相关业务范围，近两年在本市承接过养老服务项目", "拟派项目负责人具有社会工作者或养老护理员职业资格", "具有与项目相适应的专职服务人员不少于10名"},
		place:      "各街道（乡镇）社区",
	},
	"social": {
		purpose: []string{"发挥社会工作专业优势，提升基层社会治理和服务水平", "培育社区社会组织，激发社区居民参与社区治理的积极性", "为困难群众提供专业化、精准化的社会工作服务"},
		contents: []string{"运营街道（乡镇）社会工作服务站，配备专职社会工作者驻站服务", "开展困难群众需求评估，提供心理疏导、资源链接、能力提升等服务", "培育孵化社区社会组织，组织开展社区议事协商活动",
			"开展社区志愿服务项目设计与实施，建立志愿者队伍", "围绕重点人群开展个案管理、小组工作和社区活动", "总结提炼服务经验，形成案例集和服务标准"},
		quantity: []string{"开展个案服务不少于%d个", "开展小组及社区活动不少于%d场", "服务覆盖居民不少于%d人次"},
		qtyMin:   20, qtyMax: 600,
		quality:    []string{"驻站社会工作者持证率不低于80%", "个案服务须有完整的接案、评估、计划、介入、结案记录", "服务过程资料完整规范，按月报送服务台账"},
		conditions: []string{"业务范围包含社会工作服务，已建立健全财务管理制度", "具有持证社会工作者不少于5名", "近三年年度检查（年报）合格"},
		place:      "采购人指定的街道（乡镇）及社区",
	},
	"disability": {
		purpose: []string{"帮助残疾人提高生活自理和社会适应能力，促进残疾人融入社会", "落实残疾儿童康复救助制度，减轻残疾人家庭负担"},
		contents: []string{"为持证残疾人提供居家康复指导和辅具适配服务", "为残疾儿童提供康复训练、特殊教育和家长培训", "为就业年龄段智力、精神和重度肢体残疾人提供日间照料和托养服务",
			"开展残疾人职业技能培训和就业辅导", "组织残疾人文化体育活动和社会融合活动"},
		quantity: []string{"服务残疾人不少于%d名", "提供康复训练不少于%d课时"},
		qtyMin:   30, qtyMax: 800,
		quality:    []string{"康复训练人员须具有相应专业资格", "康复训练有效率不低于85%", "服务对象及家属满意度不低于90%"},
		conditions: []string{"具有残疾人康复或托养服务经验，服务场地符合无障碍要求", "配备康复治疗师不少于3名"},
		place:      "服务机构场地及服务对象家中",
	},
	"youth": {
		purpose: []string{"为困境儿童和青少年提供关爱保护，促进其健康成长", "丰富中小学生课后生活，减轻家长接送负担"},
		contents: []string{"开展困境儿童家庭走访和需求评估，建立关爱服务档案", "提供心理健康辅导和危机干预服务", "组织课后托管、兴趣拓展和学业辅导活动",
			"开展未成年人保护宣传和安全教育", "为留守儿童提供亲情陪伴和成长支持服务"},
		quantity: []string{"服务儿童青少年不少于%d名", "开展主题活动不少于%d场"},
		qtyMin:   40, qtyMax: 2000,
		quality:    []string{"服务人员无违法犯罪记录并经背景审查", "活动安全预案完备，全年无安全责任事故", "服务对象满意度不低于90%"},
		conditions: []string{"具有儿童青少年服务经验，建立儿童保护政策", "服务人员具有教师资格或社会工作者职业资格的比例不低于50%"},
		place:      "各学校、社区及儿童之家",
	},
	"employment": {
		purpose: []string{"提升劳动者职业技能和就业创业能力，稳定和扩大就业", "帮助高校毕业生、就业困难人员等重点群体实现就业"},
		contents: []string{"组织开展职业技能培训，课程涵盖理论教学和实操训练", "组织培训学员参加职业技能等级认定", "提供职业指导、岗位推荐和跟踪回访服务",
			"举办专场招聘会和创业沙龙", "建立培训学员实名制台账，按要求报送培训信息"},
		quantity: []string{"完成培训不少于%d人", "推荐就业不少于%d人"},
		qtyMin:   50, qtyMax: 3000,
		quality:    []string{"培训合格率不低于90%", "培训后就业率不低于60%", "培训课时、师资和场地符合职业技能培训标准"},
		conditions: []string{"具有人力资源社会保障部门核发的办学许可证或培训资质", "具有稳定的实训场地和专兼职师资队伍"},
		place:      "承接主体培训场地",
	},
	"health": {
		purpose: []string{"提升居民健康素养，推进健康城市建设", "加强严重精神障碍患者社区康复管理，维护社会和谐稳定"},
		contents: []string{"开展健康教育讲座和义诊活动", "为慢性病患者提供健康管理和随访服务", "为严重精神障碍患者提供社区康复训练和家属支持服务",
			"制作发放健康科普宣传资料", "开展居民健康素养监测调查"},
		quantity: []string{"服务居民不少于%d人次", "开展健康教育活动不少于%d场"},
		qtyMin:   100, qtyMax: 5000,
		quality:    []string{"医疗服务人员具有执业资格", "健康档案完整率不低于95%", "服务对象满意度不低于90%"},
		conditions: []string{"具有医疗卫生或健康服务相关资质", "配备执业医师或护士不少于3名"},
		place:      "各社区卫生服务中心（站）",
	},
	"culture": {
		purpose: []string{"丰富群众精神文化生活，推动公共文化服务均等化", "推动全民健身，提高群众身体素质"},
		contents: []string{"运营公共文化场馆，保障免费开放时间不少于每周56小时", "组织文艺演出、展览、讲座等文化惠民活动", "开展全民健身指导和赛事活动",
			"组织送戏下乡、送书下乡等活动", "开展非物质文化遗产宣传展示活动"},
		quantity: []string{"开展文化体育活动不少于%d场", "服务群众不少于%d人次"},
		qtyMin:   20, qtyMax: 20000,
		quality:    []string{"活动内容积极健康，符合社会主义核心价值观", "活动方案提前报采购人审核", "群众满意度不低于90%"},
		conditions: []string{"具有组织大型文化体育活动的经验", "具有专业的文艺、体育指导人员队伍"},
		place:      "市内各公共文化体育场所及基层点位",
	},
	"legal": {
		purpose: []string{"完善公共法律服务体系，为群众提供便捷高效的法律服务", "化解矛盾纠纷，维护社会和谐稳定"},
		contents: []string{"派驻人民调解员开展矛盾纠纷排查和调解", "为经济困难群众提供法律咨询和法律援助", "运营公共法律服务热线，提供全天候法律咨询",
			"开展法治宣传教育进社区、进学校活动", "为社区矫正对象提供教育帮扶和心理矫治"},
		quantity: []string{"调解矛盾纠纷不少于%d件", "提供法律咨询不少于%d人次"},
		qtyMin:   50, qtyMax: 3000,
		quality:    []string{"调解成功率不低于90%", "法律咨询答复准确率不低于95%", "案件卷宗规范完整"},
		conditions: []string{"具有律师事务所执业许可证或人民调解组织资质", "拟派人员具有法律职业资格或人民调解员资格"},
		place:      "各司法所、调解室及服务热线",
	},
	"safety": {
		purpose: []string{"提高公众安全意识和应急处置能力", "防范化解重大安全风险"},
		contents: []string{"开展安全生产宣传教育和培训", "组织防灾减灾演练和应急知识普及", "协助开展企业安全隐患排查",
			"编制宣传材料并在媒体平台发布"},
		quantity: []string{"开展培训不少于%d场", "覆盖企业及群众不少于%d人次"},
		qtyMin:   10, qtyMax: 5000,
		quality:    []string{"培训内容符合国家安全生产有关标准", "隐患排查记录完整可追溯"},
		conditions: []string{"具有安全生产技术服务相关经验", "配备注册安全工程师不少于2名"},
		place:      "市内各企业及社区",
	},
	"industry": {
		purpose: []string{"加强行业管理，促进行业规范健康发展", "为行业主管部门决策提供数据支撑"},
		contents: []string{"开展行业统计调查和运行监测分析", "研究起草行业发展规划和标准规范", "组织行业培训、交流和评比活动",
			"编制行业发展年度报告", "开展行业从业人员资格评价组织工作"},
		quantity: []string{"完成调查样本不少于%d家", "提交分析报告不少于%d份"},
		qtyMin:   4, qtyMax: 400,
		quality:    []string{"数据来源真实可靠，分析方法科学", "报告须通过专家评审", "按约定时间节点提交成果"},
		conditions: []string{"具有相关行业研究或组织协调经验", "项目团队中具有高级职称人员不少于2名"},
		place:      "采购人指定地点",
	},
	"tech": {
		purpose: []string{"保障信息系统安全稳定运行", "提升技术服务能力和公共服务数字化水平"},
		contents: []string{"提供信息系统日常运行维护和故障处理服务", "开展数据采集、整理、分析和可视化展示", "实施网络安全等级保护测评和安全加固",
			"开展食品、环境等检验检测和抽样工作", "组织农业技术推广和科普宣传"},
		quantity: []string{"运维设备不少于%d台（套）", "完成检测样本不少于%d批次"},
		qtyMin:   20, qtyMax: 2000,
		quality:    []string{"系统可用率不低于99.5%", "故障响应时间不超过2小时", "检验检测报告符合国家标准"},
		conditions: []string{"具有相应的技术服务能力和专业技术人员", "具有信息安全服务或检验检测资质证书"},
		place:      "采购人办公地点及相关现场",
	},
	"research": {
		purpose: []string{"为政府科学决策提供研究支撑", "客观评价政策实施效果和公共服务质量"},
		contents: []string{"开展专题政策研究并提交研究报告", "组织社会调查和公众满意度测评", "对财政支出项目开展绩效评价",
			"开展财务审计和专项资金检查", "提供法律顾问和合同审查服务"},
		quantity: []string{"完成调查问卷不少于%d份", "完成评价项目不少于%d个"},
		qtyMin:   5, qtyMax: 3000,
		quality:    []string{"研究方法科学，结论客观", "成果须经专家评审通过", "保守工作中知悉的国家秘密和工作秘密"},
		conditions: []string{"具有相关领域研究或评价经验", "项目负责人具有副高级以上职称或注册会计师、律师资格"},
		place:      "采购人指定地点",
	},
	"logistics": {
		purpose: []string{"保障机关正常运转，提升后勤服务社会化水平", "规范会议组织，提高办会效率"},
		contents: []string{"提供办公区域保洁、绿化养护和设施设备维护服务", "提供门岗值守、秩序维护和安全巡查服务", "承办会议、培训和展览的组织服务",
			"提供公务用车保障和物资配送服务"},
		quantity: []string{"服务面积不少于%d平方米", "派驻服务人员不少于%d名"},
		qtyMin:   10, qtyMax: 40000,
		quality:    []string{"服务标准符合物业服务等级规范", "服务人员统一着装、持证上岗", "投诉处理及时率100%"},
		conditions: []string{"具有物业管理或会议服务相关经验", "依法为员工缴纳社会保险"},
		place:      "采购人办公场所",
	},
}

// Conditions every call carries: 政府采购法 第二十二条.
var commonConditions = []string{
	"具有独立承担民事责任的能力",
	"具有良好的商业信誉和健全的财务会计制度",
	"具有履行合同所必需的设备和专业技术能力",
	"有依法缴纳税收和社会保障资金的良好记录",
	"参加政府采购活动前三年内，在经营活动中没有重大违法记录",
	"未被列入失信被执行人、重大税收违法失信主体、政府采购严重违法失信行为记录名单",
}

var indicatorSets = [][]indicatorTemplate{
	{{"项目管理", 20, "组织架构、制度建设、档案管理和进度控制"}, {"服务成效", 40, "服务数量、质量目标的完成情况"}, {"经费使用", 20, "资金使用合规性和支出进度"}, {"服务对象满意度", 20, "服务对象抽样满意度测评"}},
	{{"组织管理", 15, "人员配备、制度执行和过程管理"}, {"服务产出", 35, "合同约定服务数量和时效的完成情况"}, {"服务效果", 30, "社会效益和服务对象改变"}, {"资金管理", 10, "财务核算规范、专款专用"}, {"满意度", 10, "采购人及服务对象满意度"}},
	{{"履约管理", 30, "合同履行、人员到岗和应急处置"}, {"成果质量", 50, "成果的完整性、规范性和可用性"}, {"经费使用", 20, "预算执行和资金使用效益"}},
}

type indicatorTemplate struct {
	name        string
	weight      int
	description string
}

var surnames = []rune("王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔")
var givenChars = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉玲红鑫波宁斌宇浩凯健俊帆帅旭晨琳欣怡佳瑶雪婷倩颖慧晶鹏飞志国海燕梅云峰亮成")

// personName is a fictional two- or three-character name (expert committees are published by name).
func personName(r *rand.Rand) string {
	var b strings.Builder
	b.WriteRune(surnames[r.IntN(len(surnames))])
	b.WriteRune(givenChars[r.IntN(len(givenChars))])
	if r.IntN(3) > 0 {
		b.WriteRune(givenChars[r.IntN(len(givenChars))])
	}
	return b.String()
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// pickN returns n distinct elements of xs in their original order (n ≤ len(xs)).
func pickN[T any](r *rand.Rand, xs []T, n int) []T {
	if n > len(xs) {
		n = len(xs)
	}
	idx := r.Perm(len(xs))[:n]
	// keep the table's order: texts read better when list items keep their logical sequence
	keep := make([]bool, len(xs))
	for _, i := range idx {
		keep[i] = true
	}
	out := make([]T, 0, n)
	for i, x := range xs {
		if keep[i] {
			out = append(out, x)
		}
	}
	return out
}

var cnDigits = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// summaryText is 采购需求概况: a purpose paragraph, a numbered list of contents, a closing paragraph.
func summaryText(r *rand.Rand, th *theme, body, service string, months int, qty string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "为%s，%s拟通过政府购买服务方式，向社会力量购买%s。\n\n", pick(r, th.purpose), body, service)
	b.WriteString("主要服务内容：\n\n")
	items := pickN(r, th.contents, 3+r.IntN(3))
	for i, c := range items {
		end := "；"
		if i == len(items)-1 {
			end = "。"
		}
		fmt.Fprintf(&b, "%d. %s%s\n", i+1, c, end)
	}
	fmt.Fprintf(&b, "\n服务期限为%d个月，服务地点为%s，%s。承接主体应按照合同约定的数量、质量和时限要求提供服务，接受采购人、服务对象和第三方机构的监督评价。\n", months, th.place, qty)
	return b.String()
}

// conditionsText is 承接主体条件: the statutory conditions plus the service's own.
func conditionsText(r *rand.Rand, th *theme) string {
	var b strings.Builder
	b.WriteString("参与本项目的承接主体应当符合《中华人民共和国政府采购法》第二十二条规定，并满足以下条件：\n\n")
	n := 1
	for _, c := range pickN(r, commonConditions, 4+r.IntN(3)) {
		fmt.Fprintf(&b, "%d. %s；\n", n, c)
		n++
	}
	spec := pickN(r, th.conditions, 1+r.IntN(len(th.conditions)))
	for i, c := range spec {
		end := "；"
		if i == len(spec)-1 {
			end = "。"
		}
		fmt.Fprintf(&b, "%d. %s%s\n", n, c, end)
		n++
	}
	if r.IntN(3) == 0 {
		b.WriteString("\n本项目专门面向中小企业和社会组织采购。\n")
	}
	return b.String()
}

func standardText(r *rand.Rand, th *theme) string {
	var b strings.Builder
	b.WriteString("采购人按照“谁购买、谁评价”的原则，会同服务对象和第三方机构对项目实施情况进行绩效评价。评价内容包括项目管理、服务成效和经费使用，主要标准如下：\n\n")
	for _, q := range pickN(r, th.quality, 2+r.IntN(2)) {
		fmt.Fprintf(&b, "- %s\n", q)
	}
	b.WriteString("\n评价结果分为优秀（90分及以上）、良好（80至89分）、合格（60至79分）和不合格（60分以下）四个等次，作为支付服务费用和今后选择承接主体的重要依据。\n")
	return b.String()
}

func obligationsText(r *rand.Rand) string {
	opts := []string{
		"甲方负责对项目实施进行指导、监督和评价，按合同约定及时支付服务费用。",
		"甲方应当为乙方开展服务提供必要的协调和便利条件。",
		"乙方应当按照合同约定的服务内容、数量、质量和期限提供服务，不得转包。",
		"乙方应当建立健全项目管理制度和财务管理制度，实行专账核算、专款专用。",
		"乙方应当妥善保管服务对象信息，未经同意不得向第三方提供。",
		"乙方应当按月向甲方报送服务进度和服务台账，接受甲方及第三方的检查和评价。",
	}
	var b strings.Builder
	for i, o := range pickN(r, opts, 4+r.IntN(3)) {
		fmt.Fprintf(&b, "%d. %s\n", i+1, o)
	}
	return b.String()
}

func liabilityText(r *rand.Rand) string {
	opts := []string{
		"乙方未按合同约定提供服务的，甲方有权要求限期整改；逾期未整改的，按未完成服务部分对应金额的%d%%扣减服务费用。",
		"乙方服务质量不符合约定标准、经整改仍不合格的，甲方有权解除合同，乙方应退还已支付但未提供服务部分的费用。",
		"甲方无正当理由逾期支付服务费用的，每逾期一日按应付未付金额的万分之%d向乙方支付违约金。",
		"因一方违约给对方造成损失的，违约方应当承担赔偿责任。",
	}
	var b strings.Builder
	for i, o := range pickN(r, opts, 3+r.IntN(2)) {
		if strings.Contains(o, "%d") {
			o = fmt.Sprintf(o, 5+r.IntN(16))
		}
		fmt.Fprintf(&b, "%d. %s\n", i+1, o)
	}
	return b.String()
}

func findingsText(r *rand.Rand, grade string) string {
	var good = []string{"项目组织架构清晰，服务台账完整规范", "服务数量和质量目标按期完成", "服务对象满意度测评结果较好", "资金使用符合合同约定，专款专用"}
	var bad = []string{"部分服务记录不完整，个别服务未留存影像资料", "服务人员流动较大，专业人员到岗率不足", "经费支出进度滞后于服务进度", "服务对象回访覆盖面不足"}
	var b strings.Builder
	b.WriteString("经评价，主要情况如下：\n\n")
	for _, g := range pickN(r, good, 1+r.IntN(3)) {
		fmt.Fprintf(&b, "- %s；\n", g)
	}
	nb := r.IntN(2)
	if grade == "优秀" {
		nb = 0
	}
	if grade == "合格" || grade == "不合格" {
		nb = 2
	}
	for _, x := range pickN(r, bad, nb) {
		fmt.Fprintf(&b, "- 存在问题：%s；\n", x)
	}
	switch grade {
	case "不合格":
		b.WriteString("\n评价结果为不合格，承接主体应于30日内完成整改并提交整改报告。\n")
	default:
		fmt.Fprintf(&b, "\n评价等次为%s。\n", grade)
	}
	return b.String()
}

var ssReasons = []string{
	"该服务涉及前期已建立的服务对象档案和信息系统，为保证服务的连续性和数据安全，只能由原承接主体继续提供。",
	"经市场调查，本地区具备该项服务专业资质和场地条件的机构仅有一家。",
	"该项目属于原合同的后续扩充服务，且添购资金总额不超过原合同采购金额的百分之十。",
}

var ssOpinions = []string{
	"经论证，专家组认为该项目符合《中华人民共和国政府采购法》第三十一条规定的单一来源采购情形，同意采用单一来源方式采购。",
	"专家组经市场调查和论证，认为拟定供应商是唯一能够满足采购需求的承接主体，建议采用单一来源采购方式。",
}

var terminationReasons = []string{
	"截至投标截止时间，提交投标文件的供应商不足三家，本项目废标。经研究，终止本次采购活动，后续将重新组织采购。",
	"因采购需求发生重大变化，原采购任务取消，终止本次采购活动。",
	"在评审过程中发现采购文件存在影响采购公正的内容，经报财政部门同意，终止本次采购活动。",
	"出现影响采购公正的违法、违规行为，终止本次采购活动。",
}

var amendmentReasons = []string{"根据供应商提出的疑问，对采购文件有关内容予以澄清", "因采购人需求调整，对服务数量作出修改", "更正采购文件中的文字错误", "为给予供应商充分的准备时间，推迟投标截止时间及开标时间"}

var milestoneNames = []string{"合同签订后首期款", "中期评估合格后第二期款", "结项验收合格后尾款"}
