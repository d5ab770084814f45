package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/gongkai/gongkai/generator/diag"
	"github.com/gongkai/gongkai/generator/records"
	"github.com/gongkai/gongkai/generator/rules"
)

func init() {
	register(command{
		name:    "check",
		summary: "检查 data/ 中的全部记录并报告所有问题 / validate data/ and report every problem",
		run:     runCheck,
	})
}

// checkOptions are the flags of `generator check`.
type checkOptions struct {
	root   string
	format string
	lang   string
	strict bool
	asOf   records.Date
	// noHistory judges stages by their stated dates, without reading the git history.
	noHistory bool
}

func parseCheckFlags(args []string, stderr io.Writer) (checkOptions, error) {
	var o checkOptions
	var asOf string
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.root, "root", ".", "站点根目录（含 data/）/ site root holding data/")
	fs.StringVar(&o.format, "format", "text", "输出格式 text | json | github / output format")
	fs.StringVar(&o.lang, "lang", "zh", "消息语言 zh | en / message language")
	fs.BoolVar(&o.strict, "strict", false, "合规问题和警告也视为失败 / also fail on compliance findings and warnings")
	fs.StringVar(&asOf, "as-of", "", "按此日期判断期限（默认今天，北京时间）/ judge deadlines as of YYYY-MM-DD (default: today, China Standard Time)")
	fs.BoolVar(&o.noHistory, "no-history", false, noHistoryUsage)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法 usage: generator check [--root DIR] [--format text|json|github] [--lang zh|en] [--strict] [--as-of YYYY-MM-DD] [--no-history]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("多余的参数 unexpected arguments: %v", fs.Args())
	}
	switch o.format {
	case "text", "json", "github":
	default:
		return o, fmt.Errorf("--format 只能是 text、json 或 github（got %q）", o.format)
	}
	if err := checkLang(o.lang); err != nil {
		return o, err
	}
	var err error
	o.asOf, err = parseAsOf(asOf)
	return o, err
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	o, err := parseCheckFlags(args, stderr)
	if err == flag.ErrHelp {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if code := rootMissing(o.root, stderr); code != 0 {
		return code
	}
	// Loading allocates several times the dataset it keeps: at Go's default the collector took a
	// fifth of check's CPU at 10,000 projects. The build's settings (a 3 GiB soft limit) serve.
	tuneGC()
	// check reports problems only: the Markdown need not be rendered.
	_, diags := checkDatasetWith(o.root, o.asOf, !o.noHistory, records.LoadOptions{NoHTML: true})
	var werr error
	switch o.format {
	case "json":
		werr = diag.WriteJSON(stdout, diags, o.lang)
	case "github":
		werr = diag.WriteGitHub(stdout, diags, o.lang)
	default:
		werr = writeReport(stdout, diags, o.lang)
	}
	if werr != nil {
		fmt.Fprintln(stderr, werr)
		return 1
	}
	errs, warns := diags.Counts()
	if errs > 0 || (o.strict && warns > 0) {
		return 1
	}
	return 0
}

// writeReport writes the text report; with errors it says that the compliance rules wait for
// them to be fixed, so a clerk does not take the missing findings for a clean bill.
func writeReport(w io.Writer, diags diag.List, lang string) error {
	if err := diag.WriteText(w, diags, lang); err != nil {
		return err
	}
	if diags.Errors() == 0 {
		return nil
	}
	note := "有错误时不做合规检查（信息公开是否及时）：改正以上错误后再运行 check"
	if lang == "en" {
		note = "the compliance rules (was each notice on time?) run once the errors above are fixed"
	}
	if brokenProjectFiles(diags) != nil {
		note = "有错误的项目文件不做合规检查（信息公开是否及时），其他项目照常检查：改正后再运行 check"
		if lang == "en" {
			note = "the project files with errors are not judged by the compliance rules (the other projects are): fix them and run check again"
		}
	}
	_, err := fmt.Fprintln(w, note)
	return err
}

// noHistoryUsage is the help of the --no-history flag of check and build.
const noHistoryUsage = "不读取 git 历史，按声明的发布日期核对 / judge by stated dates only"

// checkDataset loads root, judges the compliance rules as of asOf when the data is sound, and
// returns the dataset with every diagnostic: load errors and warnings, then the findings as
// warnings, all sorted. With history, the stages' first-seen dates come from the git history
// before the rules run (compliance.md).
func checkDataset(root string, asOf records.Date, history bool) (*records.Dataset, diag.List) {
	return checkDatasetWith(root, asOf, history, records.LoadOptions{})
}

// checkDatasetWith is checkDataset with load options; the diagnostics do not depend on them.
func checkDatasetWith(root string, asOf records.Date, history bool, lo records.LoadOptions) (*records.Dataset, diag.List) {
	ds, diags := records.LoadWith(root, lo)
	ds.AsOf = asOf
	if diags.Errors() > 0 {
		// The rules assume resolved refs: they judge only what is sound (see judgeSound).
		diags = append(diags, judgeSound(ds, diags, history)...)
		diags.Sort()
		return ds, diags
	}
	// A misspelt rule code in thresholds would silently leave the default in force: an error.
	diags = append(diags, rules.CheckThresholds(ds.Site)...)
	if history {
		diags = append(diags, records.LoadHistory(ds)...) // first-seen dates from git (compliance.md); no repo, no dates
	}
	if perr := applyRules(ds); perr != nil {
		diags.Add(diag.Pos{File: "data"}, "internal", fmt.Sprintf("内部错误（合规检查）：%v", perr), fmt.Sprintf("internal error in the compliance rules: %v", perr))
	}
	diags = append(diags, records.FindingDiagnostics(ds.Findings)...)
	diags.Sort()
	return ds, diags
}

// judgeSound judges the compliance rules on the projects whose files have no errors, when every
// error is in a project file: a clerk fixing one file keeps the findings of all the others in
// view. An error anywhere else (site, bodies, budgets, calendars, providers) leaves nothing sound
// to judge. The findings are only reported: nothing is built from a dataset with errors.
func judgeSound(ds *records.Dataset, diags diag.List, history bool) diag.List {
	broken := brokenProjectFiles(diags)
	if broken == nil {
		return nil
	}
	sound := *ds
	sound.Projects = slices.DeleteFunc(slices.Clone(ds.Projects), func(p *records.Project) bool {
		return p == nil || broken[p.Src.Pos.File]
	})
	out := rules.CheckThresholds(sound.Site)
	if history {
		out = append(out, records.LoadHistory(&sound)...)
	}
	if applyRules(&sound) != nil {
		return out // the rules met something half-read: no findings rather than noise
	}
	return append(out, records.FindingDiagnostics(sound.Findings)...)
}

// brokenProjectFiles are the project files with errors, or nil when an error is elsewhere.
func brokenProjectFiles(diags diag.List) map[string]bool {
	out := map[string]bool{}
	for _, d := range diags {
		if d.Severity != diag.Error {
			continue
		}
		if !strings.HasPrefix(d.File, "data/projects/") {
			return nil
		}
		out[d.File] = true
	}
	return out
}

// applyRules runs the compliance rules, turning a panic into an error so that a bug there is
// reported like any other problem instead of a stack trace.
func applyRules(ds *records.Dataset) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	rules.Apply(ds)
	return nil
}

// parseAsOf reads the --as-of flag shared by the commands; empty means today in China Standard Time.
func parseAsOf(s string) (records.Date, error) {
	if s == "" {
		return records.DateOf(time.Now()), nil
	}
	d, err := records.ParseDate(s)
	if err != nil {
		return records.Date{}, fmt.Errorf("--as-of 应写成 2025-06-05（got %q）", s)
	}
	return d, nil
}

// checkLang validates the --lang flag of the message language.
func checkLang(lang string) error {
	if lang != "zh" && lang != "en" {
		return fmt.Errorf("--lang 只能是 zh 或 en（got %q）", lang)
	}
	return nil
}
