package rules

// evaluationStandard is owned by the loader: records.Load refuses a call without `standard` or
// `conditions` (missing-field: both are required keys of a call, and a standard needs text or
// indicators), so a call that would break this rule never reaches Apply. It is listed, as a
// blocking rule, so the registry is the whole table and the 合规 page names it.
var evaluationStandard = &Rule{
	Code:           "evaluation-standard",
	Summary:        "采购公告公开绩效评价标准和承接主体条件",
	SummaryEnglish: "The call discloses the performance-evaluation standard and the provider conditions",
	Source:         "财政部关于做好政府购买服务工作有关问题的通知（落实国办发〔2013〕96号）",
	Blocking:       true,
}
