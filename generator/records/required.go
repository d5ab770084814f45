package records

import "reflect"

// requiredKeys lists, per record type, the keys a file must give (non-empty). Requirements that
// depend on other values (method_detail for 其他, approval for a non-open method, …) are checked
// by the validators instead.
//
// `published` is required on every stage except award, contract and evaluations: there the
// event (decided / signed / date) can happen before its notice is out, and the compliance rules
// report the missing notice once its deadline passes.
var requiredKeys = map[reflect.Type][]string{
	reflect.TypeFor[Site]():               {"title", "publisher", "region", "region_code", "base_url", "ocid_prefix"},
	reflect.TypeFor[bodiesFile]():         {"bodies"},
	reflect.TypeFor[Body]():               {"id", "name", "kind", "credit_code"},
	reflect.TypeFor[Provider]():           {"credit_code", "name", "kind"},
	reflect.TypeFor[Sanction]():           {"from", "reason", "document", "decided_by"},
	reflect.TypeFor[Catalogue]():          {"categories"},
	reflect.TypeFor[CatalogueNode]():      {"code", "name"},
	reflect.TypeFor[BudgetYear]():         {"year", "bodies"},
	reflect.TypeFor[BodyBudget]():         {"body", "lines"},
	reflect.TypeFor[BudgetLine]():         {"id", "name", "item", "amount", "source"},
	reflect.TypeFor[Calendar]():           {"year", "source"},
	reflect.TypeFor[Holiday]():            {"name", "from", "to"},
	reflect.TypeFor[LegalDoc]():           {"title"},
	reflect.TypeFor[Attachment]():         {"title", "path"},
	reflect.TypeFor[Project]():            {"id", "title", "body", "item", "budget_line", "budget", "funding", "form", "summary"},
	reflect.TypeFor[Intention]():          {"published", "expected_month", "demand", "budget"},
	reflect.TypeFor[SingleSourceNotice](): {"published", "ends", "provider", "reason", "expert_opinion"},
	reflect.TypeFor[Call]():               {"published", "method", "documents_from", "documents_to", "documents_at", "bid_deadline", "conditions", "service", "standard"},
	reflect.TypeFor[Approval]():           {"document", "date"},
	reflect.TypeFor[Service]():            {"scope", "period"},
	reflect.TypeFor[Period]():             {"from", "to"},
	reflect.TypeFor[Indicator]():          {"name", "weight"},
	reflect.TypeFor[Agency]():             {"name"},
	reflect.TypeFor[Amendment]():          {"published", "changes", "reason"},
	reflect.TypeFor[Change]():             {"field", "to"},
	reflect.TypeFor[Award]():              {"decided", "winners"},
	reflect.TypeFor[Winner]():             {"provider", "amount"},
	reflect.TypeFor[Score]():              {"bidder"},
	reflect.TypeFor[Contract]():           {"number", "signed", "provider", "amount", "subject", "period", "payment_method"},
	reflect.TypeFor[Payment]():            {"date", "amount"},
	reflect.TypeFor[Evaluation]():         {"kind", "date", "evaluator", "grade"},
	reflect.TypeFor[Evaluator]():          {"kind", "name"},
	reflect.TypeFor[IndicatorScore]():     {"name", "score"},
	reflect.TypeFor[Consequence]():        {"kind"},
	reflect.TypeFor[Termination]():        {"published", "reason"},
}
