package rules

// The two rules below are enforced by records.Load as errors with the same codes: a build with
// such data stops before Apply runs. They are listed so the registry is the whole table.

var budgetBound = &Rule{
	Code:           "budget-bound",
	Summary:        "中标（成交）金额和合同金额不超过预算和最高限价",
	SummaryEnglish: "Award and contract amounts stay within the budget and the ceiling price",
	Source:         "政府采购货物和服务招标投标管理办法（财政部令第87号）",
	Blocking:       true,
}

var barredProvider = &Rule{
	Code:           "barred-provider",
	Summary:        "不得向处于取消承接资格期间的承接主体授予合同",
	SummaryEnglish: "No award to a provider inside a sanction period",
	Source:         "政府采购法 第七十七条；地方取消承接资格规定",
	Blocking:       true,
}
