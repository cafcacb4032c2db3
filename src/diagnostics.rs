//! Findings as data: every problem found in the user's inputs becomes a [`Finding`] with a
//! place (file, then `シート名 5行目 D列`, `5行目` and the like), the offending value and a
//! message in Japanese that a clerk can act on. Findings never stop a run; they end up in the `diagnostics`
//! table and in the summary workbook.

use std::fmt;

/// How bad a finding is. `Error` means some input (a file, an item, a row) was not used
/// as given; it makes the run's exit status 2.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// Label used in tables and workbooks.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
            Severity::Info => "情報",
        }
    }
}

/// Every kind of finding: one place lists each code with its severity, its Japanese label
/// and what the clerk should do. The code list in `docs/診断コード.md` is made from [`FindingCode::ALL`]
/// (a test keeps the two equal).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum FindingCode {
    /// 隠しファイル・隠しフォルダ
    InputHidden,
    /// フォルダへのリンク
    InputFolderLink,
    /// 入力フォルダの外へのリンク
    InputLinkOutside,
    /// リンク先のないリンク
    InputBrokenLink,
    /// 通常のファイルでないもの
    InputNotRegularFile,
    /// 読めないフォルダ
    InputUnreadable,
    /// 計画ファイルを開けない
    PlanUnreadable,
    /// 計画の文字コードを判定できない
    PlanDecode,
    /// 計画として読めない形式
    PlanUnsupportedFormat,
    /// 同じ計画の文書とテキスト
    PlanSameDocument,
    /// 取組番号の行がない
    PlanNoInitiatives,
    /// 取組番号の重複
    PlanDuplicateInitiative,
    /// 担当部署がない
    PlanMissingDepartment,
    /// 工程表のセル数が年度数と合わない
    PlanScheduleMismatch,
    /// 工程表の年度が読めない
    PlanScheduleHeader,
    /// 工程表の値の年度が分からない
    PlanScheduleUnplaced,
    /// 表のセルがばらばらのテキスト
    PlanTableApart,
    /// 工程表の年度ごとの行がない
    PlanMissingScheduleRow,
    /// 実践項目より前の行
    PlanRowOutsideItem,
    /// 版の年月がない計画ファイル
    PlanUndatedEdition,
    /// 設定にない部局記号
    PlanUnknownBureau,
    /// 部局記号のない担当部署
    PlanDepartmentWithoutBureau,
    /// 担当部署が「各担当部署」だけ
    PlanOnlyAllDepartments,
    /// 取組名がない
    PlanMissingTitle,
    /// 実践項目名がない
    PlanMissingItemName,
    /// 工程表がない
    PlanMissingSchedule,
    /// 実践項目がない
    PlanNoItems,
    /// どの見出しにも属さない行
    PlanUnrecognizedLine,
    /// 年月のない分冊
    PlanUndatedParts,
    /// 進捗報告を開けない
    ProgressUnreadable,
    /// 進捗報告として読めない形式
    ProgressUnsupportedFormat,
    /// 見出し行がないシート
    ProgressNoHeader,
    /// どの実践項目か分からない行
    ProgressNoItem,
    /// 計画にない項目番号
    ProgressUnknownItemId,
    /// 読めない項目番号
    ProgressBadItemId,
    /// 計画にない実践項目名
    ProgressUnknownItem,
    /// 担当部署の食い違い
    ProgressSectionMismatch,
    /// 未定義の進捗状況
    ProgressUnknownStatus,
    /// 読めない進捗率
    ProgressBadPercent,
    /// 範囲外の進捗率
    ProgressPercentRange,
    /// 読めない報告日
    ProgressBadDate,
    /// 行数の上限を超えたシート
    ProgressTooManyRows,
    /// 番号と名前の食い違い（名前で取込）
    ProgressNameMismatch,
    /// 番号と名前の食い違い
    ProgressIdNameConflict,
    /// 対象期間の計画にない項目
    ProgressItemNotInPlan,
    /// 後の報告で置換
    ProgressSuperseded,
    /// 日付に変わった項目番号
    ProgressIdAsDate,
    /// 返送ブックの出力用シート
    ProgressOwnWorkbook,
    /// Excelの一時ファイル
    ProgressLockFile,
    /// 部署別ブックを作成できない
    ReportWorkbook,
    /// 使えない取組番号
    PlanBadInitiativeNo,
    /// ありえない報告月
    ProgressImplausibleDate,
    /// 1 ファイルだけの対象月
    ProgressLonePeriod,
    /// 長すぎるセル
    ProgressCellCut,
    /// セル数の上限を超えたシート
    ProgressCellLimit,
    /// 列数の上限を超えたセル
    ProgressTooManyColumns,
    /// 止まった実行のロック
    OutputStaleLock,
    /// 止まった実行の作業フォルダ
    OutputLeftover,
    /// 動いている別の実行の作業フォルダ
    OutputLiveLeftover,
    /// 出力先にあった別のもの
    OutputStrayMoved,
    /// 長すぎて切り詰めた文字列
    ReportTextCut,
    /// 部署別ブックのファイル名を変更
    ReportFileName,
    /// 部署マスタを読めない
    DirectoryUnreadable,
    /// 部署マスタの見出しがない
    DirectoryNoHeader,
    /// 部署マスタの使えない行
    DirectoryBadRow,
    /// 部署マスタの重複
    DirectoryDuplicate,
    /// 分割された旧部署名
    PlanDepartmentSplit,
    ProgressUnknownRating,
    ProgressBadAmount,
    /// 項目番号の重複
    PlanDuplicateItem,
    /// 計画の表がないシート
    PlanSheetSkipped,
    /// 読めない効果額
    PlanBadAmount,
    /// 上限を超えた計画の表
    PlanSheetLimit,
    /// 進捗報告の控えを作り直した
    CacheRebuilt,
    /// 使えない控えのフォルダ
    CacheUnusable,
    /// 計画の場所にある進捗報告
    PlanReportSheet,
    /// ファイル名に年月が二つある計画
    PlanTwoDates,
    /// 1 行も読めなかった進捗報告
    ProgressNoRows,
    /// 計画の他の年度から離れた年度
    PlanOutlyingYear,
    /// 別のファイルの報告で置換
    ProgressReplaced,
    /// 食い違う二つの報告
    ProgressConflict,
    /// 担当外の部署からの報告
    ProgressNotOwner,
    /// 進捗状況と進捗率の食い違い
    ProgressStatusPercent,
    /// 対象期間の確認
    RunPeriodSuspect,
    /// 出力フォルダの手元のファイルを保存
    OutputClerkFileKept,
    /// 実践項目が多すぎる計画
    PlanTooManyItems,
    /// Shift_JIS で取り出したテキスト
    PlanShiftJisExtraction,
    /// 列の位置が見出しと合わないページ
    PlanLayoutPageMisfit,
}

impl FindingCode {
    /// Every code, in the order of the code list (`docs/診断コード.md`).
    pub const ALL: [FindingCode; 88] = [
        FindingCode::InputHidden,
        FindingCode::InputFolderLink,
        FindingCode::InputLinkOutside,
        FindingCode::InputBrokenLink,
        FindingCode::InputNotRegularFile,
        FindingCode::InputUnreadable,
        FindingCode::PlanUnreadable,
        FindingCode::PlanDecode,
        FindingCode::PlanUnsupportedFormat,
        FindingCode::PlanSameDocument,
        FindingCode::PlanNoInitiatives,
        FindingCode::PlanDuplicateInitiative,
        FindingCode::PlanMissingDepartment,
        FindingCode::PlanScheduleMismatch,
        FindingCode::PlanScheduleHeader,
        FindingCode::PlanScheduleUnplaced,
        FindingCode::PlanTableApart,
        FindingCode::PlanMissingScheduleRow,
        FindingCode::PlanRowOutsideItem,
        FindingCode::PlanUndatedEdition,
        FindingCode::PlanUnknownBureau,
        FindingCode::PlanDepartmentWithoutBureau,
        FindingCode::PlanOnlyAllDepartments,
        FindingCode::PlanMissingTitle,
        FindingCode::PlanMissingItemName,
        FindingCode::PlanMissingSchedule,
        FindingCode::PlanNoItems,
        FindingCode::PlanUnrecognizedLine,
        FindingCode::PlanUndatedParts,
        FindingCode::ProgressUnreadable,
        FindingCode::ProgressUnsupportedFormat,
        FindingCode::ProgressNoHeader,
        FindingCode::ProgressNoItem,
        FindingCode::ProgressUnknownItemId,
        FindingCode::ProgressBadItemId,
        FindingCode::ProgressUnknownItem,
        FindingCode::ProgressSectionMismatch,
        FindingCode::ProgressUnknownStatus,
        FindingCode::ProgressBadPercent,
        FindingCode::ProgressPercentRange,
        FindingCode::ProgressBadDate,
        FindingCode::ProgressTooManyRows,
        FindingCode::ProgressNameMismatch,
        FindingCode::ProgressIdNameConflict,
        FindingCode::ProgressItemNotInPlan,
        FindingCode::ProgressSuperseded,
        FindingCode::ProgressIdAsDate,
        FindingCode::ProgressOwnWorkbook,
        FindingCode::ProgressLockFile,
        FindingCode::ReportWorkbook,
        FindingCode::PlanBadInitiativeNo,
        FindingCode::ProgressImplausibleDate,
        FindingCode::ProgressLonePeriod,
        FindingCode::ProgressCellCut,
        FindingCode::ProgressCellLimit,
        FindingCode::ProgressTooManyColumns,
        FindingCode::OutputStaleLock,
        FindingCode::OutputLeftover,
        FindingCode::OutputLiveLeftover,
        FindingCode::OutputStrayMoved,
        FindingCode::ReportTextCut,
        FindingCode::ReportFileName,
        FindingCode::DirectoryUnreadable,
        FindingCode::DirectoryNoHeader,
        FindingCode::DirectoryBadRow,
        FindingCode::DirectoryDuplicate,
        FindingCode::PlanDepartmentSplit,
        FindingCode::ProgressUnknownRating,
        FindingCode::ProgressBadAmount,
        FindingCode::PlanDuplicateItem,
        FindingCode::PlanSheetSkipped,
        FindingCode::PlanBadAmount,
        FindingCode::PlanSheetLimit,
        FindingCode::CacheRebuilt,
        FindingCode::CacheUnusable,
        FindingCode::PlanReportSheet,
        FindingCode::PlanTwoDates,
        FindingCode::ProgressNoRows,
        FindingCode::PlanOutlyingYear,
        FindingCode::ProgressReplaced,
        FindingCode::ProgressConflict,
        FindingCode::ProgressNotOwner,
        FindingCode::ProgressStatusPercent,
        FindingCode::RunPeriodSuspect,
        FindingCode::OutputClerkFileKept,
        FindingCode::PlanTooManyItems,
        FindingCode::PlanShiftJisExtraction,
        FindingCode::PlanLayoutPageMisfit,
    ];

    fn entry(self) -> &'static CodeInfo {
        // The variants are declared in the order of CODE_INFO (a test checks it).
        &CODE_INFO[self as usize]
    }

    /// Stable machine-readable code, e.g. `plan.missing_department`.
    pub fn as_str(self) -> &'static str {
        self.entry().code
    }

    /// The severity a finding of this code has unless the finder says otherwise.
    pub fn severity(self) -> Severity {
        self.entry().severity
    }

    /// A short Japanese name for the clerk.
    pub fn label(self) -> &'static str {
        self.entry().label
    }

    /// What it means and what to do, in Japanese.
    pub fn advice(self) -> &'static str {
        self.entry().advice
    }

    /// The code list of `docs/診断コード.md` (Markdown).
    pub fn markdown_table() -> String {
        let mut out = String::from("| コード | 重要度 | 名称 | 意味と対処 |\n|---|---|---|---|\n");
        for c in FindingCode::ALL {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                c.as_str(),
                c.severity().label(),
                c.label(),
                c.advice()
            ));
        }
        out
    }
}

/// What the table says of one code.
struct CodeInfo {
    code: &'static str,
    severity: Severity,
    label: &'static str,
    advice: &'static str,
}

impl CodeInfo {
    const fn new(
        code: &'static str,
        severity: Severity,
        label: &'static str,
        advice: &'static str,
    ) -> CodeInfo {
        CodeInfo {
            code,
            severity,
            label,
            advice,
        }
    }
}

/// One row per [`FindingCode`] variant, in declaration order.
#[rustfmt::skip]
const CODE_INFO: [CodeInfo; FindingCode::ALL.len()] = [
    CodeInfo::new("input.hidden", Severity::Info, "隠しファイル・隠しフォルダ", "名前が `.` で始まるファイル・フォルダ（隠しファイル）は読まなかった。読ませるには名前の先頭の `.` を外す"),
    CodeInfo::new("input.folder_link", Severity::Warning, "フォルダへのリンク", "フォルダへのリンク（シンボリックリンク）はたどらない。中の報告を読ませるには、ファイルそのものを `progress/` に置く"),
    CodeInfo::new("input.link_outside", Severity::Warning, "入力フォルダの外へのリンク", "入力フォルダの外にあるファイルへのリンクは読まなかった。ファイルそのものを入力フォルダに置く"),
    CodeInfo::new("input.broken_link", Severity::Warning, "リンク先のないリンク", "リンク先のファイルがない（またはたどれない）リンクを読まなかった。ファイルそのものを置き直す"),
    CodeInfo::new("input.not_regular_file", Severity::Warning, "通常のファイルでないもの", "名前付きパイプ・ソケット・デバイスなど、通常のファイルでないものは読まなかった"),
    CodeInfo::new("input.unreadable", Severity::Error, "読めないフォルダ", "フォルダの中を読めなかった（読み取り権限など）。中の報告は取り込んでいない。権限を確認して再実行する"),
    CodeInfo::new("plan.unreadable", Severity::Error, "計画ファイルを開けない", "ファイルが開けない・壊れている。置き場所と読み取り権限を確認し、表計算の計画は保存し直す"),
    CodeInfo::new("plan.decode", Severity::Error, "計画の文字コードを判定できない", "ファイルが空、テキストでない、または文字コードを判定できない。示されたバイト位置を確認し、UTF-8 か Shift_JIS で保存し直す"),
    CodeInfo::new("plan.unsupported_format", Severity::Error, "計画として読めない形式", "計画として読めない形式。テキスト（.txt）、Word（.docx）、PDF、表計算（xlsx・xls・ods・csv）の一覧表で置く（.doc は .docx で保存し直す）"),
    CodeInfo::new("plan.same_document", Severity::Info, "同じ計画の文書とテキスト", "同じ名前の計画が PDF・Word とテキスト（または表計算）で置いてある。テキスト（表計算）の方を読み、文書は読まなかった。PDF と Word が並ぶときは Word の方を読む"),
    CodeInfo::new("plan.no_initiatives", Severity::Error, "取組番号の行がない", "「No. 7」のような取組番号の行（表計算の計画では実践項目の行）がない、または見出しはあってもその下に実践項目が一つもない。計画のファイルか確認する"),
    CodeInfo::new("plan.duplicate_initiative", Severity::Error, "取組番号の重複", "同じ取組番号が 2 回ある。後の方は取り込まない"),
    CodeInfo::new("plan.missing_department", Severity::Error, "担当部署がない", "実践項目に担当部署がない。項目は全体集計にだけ載る"),
    CodeInfo::new("plan.schedule_mismatch", Severity::Error, "工程表のセル数が年度数と合わない", "工程表の行のセル数が年度数より多い。年度数分だけ取り込む"),
    CodeInfo::new("plan.schedule_header", Severity::Error, "工程表の年度が読めない", "工程表の見出しに年度が読めない。この項目の工程表は取り込まない"),
    CodeInfo::new("plan.schedule_unplaced", Severity::Warning, "工程表の値の年度が分からない", "-layout なしの pdftotext のテキストで、工程表の行の値が年度より少なく、どの年度が空欄か分からない。値を最初の年度から入れた。-layout のテキストか PDF・Word を置く"),
    CodeInfo::new("plan.table_apart", Severity::Error, "表のセルがばらばらのテキスト", "-layout なしの pdftotext などのテキストで、一覧表の見出しが 1 行に一つずつ並ぶか、工程表の同じ年度が近くに何度も出てきて（セルが取り出した順にばらばら）、表の行を組み立て直せない。この計画は取り込まない。PDF・Word か -layout のテキストを置く"),
    CodeInfo::new("plan.missing_schedule_row", Severity::Error, "工程表の年度ごとの行がない", "工程表の見出しの次に年度ごとの行がない"),
    CodeInfo::new("plan.row_outside_item", Severity::Error, "実践項目より前の行", "実践項目名より前に担当部署などの行がある"),
    CodeInfo::new("plan.undated_edition", Severity::Error, "版の年月がない計画ファイル", "ほかの版には年月があるのに、このファイル名にはない。使っていない"),
    CodeInfo::new("plan.unknown_bureau", Severity::Warning, "設定にない部局記号", "設定にない部局記号。設定ファイルの `[bureaus]` に追加する"),
    CodeInfo::new("plan.department_without_bureau", Severity::Warning, "部局記号のない担当部署", "担当部署に部局記号も、設定・部署マスタにある部局名もない。名前のまま一つの部署として取り込んだ（同じ名前は 1 回だけ示す）。部署マスタか設定ファイルの `[bureaus]` に部局を追加する"),
    CodeInfo::new("plan.only_all_departments", Severity::Warning, "担当部署が「各担当部署」だけ", "担当部署が「各担当部署」だけ。項目は全体集計にだけ載る"),
    CodeInfo::new("plan.missing_title", Severity::Warning, "取組名がない", "取組名が見つからない"),
    CodeInfo::new("plan.missing_item_name", Severity::Warning, "実践項目名がない", "実践項目名が見つからない"),
    CodeInfo::new("plan.missing_schedule", Severity::Warning, "工程表がない", "実践項目に工程表が見つからない"),
    CodeInfo::new("plan.no_items", Severity::Warning, "実践項目がない", "取組に実践項目が見つからない"),
    CodeInfo::new("plan.unrecognized_line", Severity::Warning, "どの見出しにも属さない行", "どの見出しにも属さない行。取り込んでいない"),
    CodeInfo::new("plan.undated_parts", Severity::Info, "年月のない分冊", "年月のない計画ファイルが複数あり、一つの計画の分冊として読んだ"),
    CodeInfo::new("progress.unreadable", Severity::Error, "進捗報告を開けない", "進捗報告のファイルが開けない・壊れている・文字コードが判定できない"),
    CodeInfo::new("progress.unsupported_format", Severity::Error, "進捗報告として読めない形式", "進捗報告として読めない形式（xlsx・xls・ods・csv などで保存し直す）"),
    CodeInfo::new("progress.no_header", Severity::Warning, "見出し行がないシート", "シートに見出し行がない。シートを読み飛ばした"),
    CodeInfo::new("progress.no_item", Severity::Error, "どの実践項目か分からない行", "項目番号も実践項目名もない行"),
    CodeInfo::new("progress.unknown_item_id", Severity::Error, "計画にない項目番号", "計画にない項目番号（近い名前の候補を示す）"),
    CodeInfo::new("progress.bad_item_id", Severity::Error, "読めない項目番号", "項目番号として読めない値"),
    CodeInfo::new("progress.unknown_item", Severity::Error, "計画にない実践項目名", "計画の実践項目名と一致しない（近い名前の候補を示す）"),
    CodeInfo::new("progress.section_mismatch", Severity::Error, "担当部署の食い違い", "担当部署が計画の担当と違う"),
    CodeInfo::new("progress.unknown_status", Severity::Error, "未定義の進捗状況", "進捗状況の値が設定にない（許される値を示す）"),
    CodeInfo::new("progress.bad_percent", Severity::Error, "読めない進捗率", "進捗率が数として読めない"),
    CodeInfo::new("progress.percent_range", Severity::Error, "範囲外の進捗率", "進捗率が 0〜100 の外にある"),
    CodeInfo::new("progress.bad_date", Severity::Error, "読めない報告日", "報告日が日付として読めない（読める書き方の例を示す）"),
    CodeInfo::new("progress.too_many_rows", Severity::Error, "行数の上限を超えたシート", "20 万行を超えた部分は読んでいない"),
    CodeInfo::new("progress.name_mismatch", Severity::Warning, "番号と名前の食い違い（名前で取込）", "項目番号と実践項目名が食い違い、名前がほかの項目と一致したので名前の項目として取り込んだ（改定で番号がずれた報告など）"),
    CodeInfo::new("progress.id_name_conflict", Severity::Error, "番号と名前の食い違い", "項目番号と実践項目名が食い違い、どちらが正しいか決められない"),
    CodeInfo::new("progress.item_not_in_plan", Severity::Warning, "対象期間の計画にない項目", "報告の項目が対象期間の版にない（改定で削除）。改定前の月の報告は「情報」"),
    CodeInfo::new("progress.superseded", Severity::Info, "後の報告で置換", "同じ項目・月の後の報告で置き換えた"),
    CodeInfo::new("progress.id_as_date", Severity::Info, "日付に変わった項目番号", "Excel が `7-1` を日付（7月1日）に変えていたので項目番号と読んだ"),
    CodeInfo::new("progress.own_workbook", Severity::Info, "返送ブックの出力用シート", "返送された部署別ブックの出力用シートを読まなかった（進捗入力シートだけを読む）"),
    CodeInfo::new("progress.lock_file", Severity::Warning, "Excelの一時ファイル", "Excel が開いている間に作る一時ファイル（`~$` で始まる）を読まなかった。そのファイルが Excel で開かれたまま（保存前）かもしれない。閉じて保存してから実行し直す"),
    CodeInfo::new("report.workbook", Severity::Error, "部署別ブックを作成できない", "部署別ブックを作成できなかった。ほかの部署のブックは作成した"),
    CodeInfo::new("plan.bad_initiative_no", Severity::Error, "使えない取組番号", "取組番号が大きすぎる（PDF からの取り出しの崩れなど）。その取組は取り込まない。番号を確認する"),
    CodeInfo::new("progress.implausible_date", Severity::Error, "ありえない報告月", "報告日が計画の年度の前後 3 年の外、または来月より先。この行は取り込まない。日付を確認する"),
    CodeInfo::new("progress.lone_period", Severity::Warning, "1 ファイルだけの対象月", "対象月を進捗報告の最新月から決めたが、その月を報告しているのは 1 ファイルだけ。日付の誤りでないか確認する（`--period` で対象月を指定できる）"),
    CodeInfo::new("progress.cell_cut", Severity::Warning, "長すぎるセル", "セルの文字数が上限（既定 32,767 字、`[limits] max_cell_chars`）を超えたため、上限までを取り込んだ"),
    CodeInfo::new("progress.cell_limit", Severity::Error, "セル数の上限を超えたシート", "シートのセル数が上限（既定 200 万、`[limits] max_cells`）を超えたため、そこから先の行は読んでいない"),
    CodeInfo::new("progress.too_many_columns", Severity::Warning, "列数の上限を超えたセル", "シートの列数の上限（既定 256 列、`[limits] max_cols`）より右にある値は読んでいない"),
    CodeInfo::new("output.stale_lock", Severity::Warning, "止まった実行のロック", "前の実行が途中で止まり（強制終了など）ロックファイル `output/.<期間>.lock` が残っていたので、削除して実行した"),
    CodeInfo::new("output.leftover", Severity::Info, "止まった実行の作業フォルダ", "途中で止まった実行の作業フォルダ（`.<期間>.tmp-…`・`.<期間>.old-…`）を片付けた。入れ替えの途中で止まっていたときは前回の出力を元に戻した"),
    CodeInfo::new("output.live_leftover", Severity::Info, "動いている別の実行の作業フォルダ", "動いている別のプロセスの作業フォルダには触れなかった"),
    CodeInfo::new("output.stray_moved", Severity::Warning, "出力先にあった別のもの", "期間のフォルダや作業フォルダの名前のところにファイルなどがあったので `<期間>.stray` に移してから出力した。中身を確認し、不要なら削除する"),
    CodeInfo::new("report.text_cut", Severity::Warning, "長すぎて切り詰めた文字列", "Excel のセルに入る文字数（32,767 文字。グラフのタイトル・フッターなどは 255 文字）を超えた文字列を切り詰め、末尾に「…（以下省略）」を付けた。全文は tables フォルダの CSV・Parquet にある"),
    CodeInfo::new("report.file_name", Severity::Info, "部署別ブックのファイル名を変更", "部署名のままではファイル名にできない（使えない文字、CON などの予約名、先頭の「.」、長すぎる、全体集計やほかの部署と同じ名前）ため、示した名前で出力した"),
    CodeInfo::new("directory.unreadable", Severity::Error, "部署マスタを読めない", "部署マスタ（`input/departments.csv` など）が開けない・壊れている・大きすぎる・文字コードが判定できない、または複数ある。部署マスタなしで処理した（部局は設定ファイルの `[bureaus]` で判定）"),
    CodeInfo::new("directory.no_header", Severity::Error, "部署マスタの見出しがない", "部署マスタの 1〜30 行目に「課」（課名・所属・部署）の見出しがない。部署マスタなしで処理した"),
    CodeInfo::new("directory.bad_row", Severity::Warning, "部署マスタの使えない行", "課名がない、または適用開始日が日付として読めない行。その行（日付が読めないときは日付だけ）を使っていない"),
    CodeInfo::new("directory.duplicate", Severity::Warning, "部署マスタの重複", "同じ部局・課名、同じ所属コード、またはほかの行の課名と同じ別名が後の行にある。後の行のその名前・コードは使っていない"),
    CodeInfo::new("plan.department_split", Severity::Warning, "分割された旧部署名", "担当部署が、部署マスタで機構改革により複数の課に分かれた旧名称。計画の記載どおり旧名称の部署として扱い、新しい課からの報告も受け付けた。計画の担当部署を新しい課に書き直す"),
    CodeInfo::new("progress.unknown_rating", Severity::Warning, "未定義の評価", "評価・達成度など尺度のある列の値が設定の尺度にない（許される値を示す）。行は取り込み（進捗状況・進捗率・文章）、その評価は空欄とする（書かれたままの値は `grade_raw` に残る）。値を直すか、設定ファイルの `[[scales]]` の values・synonyms に加える"),
    CodeInfo::new("progress.bad_amount", Severity::Error, "読めない効果額", "効果額が金額として読めない（1,234 や △500 のように数字で書く。単位は見出しの「（千円）」などで示す）"),
    CodeInfo::new("plan.duplicate_item", Severity::Error, "項目番号の重複", "表計算の計画で、同じ項目番号の実践項目が 2 回ある。後の方は取り込まない。番号を確認する"),
    CodeInfo::new("plan.sheet_skipped", Severity::Info, "計画の表がないシート", "表計算の計画で、見出し行（実践項目名の列）が見つからないシート（表紙・凡例など）を読まなかった"),
    CodeInfo::new("plan.bad_amount", Severity::Warning, "読めない効果額", "計画の効果額のセルが金額として読めない。そのセルは取り込んでいない。数字（`1,200`・`△500`）で書き直す"),
    CodeInfo::new("plan.sheet_limit", Severity::Error, "上限を超えた計画の表", "表計算の計画の行数・列数・セル数・セルの文字数が上限（`[limits]`）を超えた。超えた部分は読んでいない"),
    CodeInfo::new("cache.rebuilt", Severity::Info, "進捗報告の控えを作り直した", "前回までに読んだ進捗報告の控え（出力フォルダの `.cache/reports.bin`）が壊れている・途中で切れている・大きすぎる・書き換えられていたため使わず、報告を読み直して控えを作り直した。出力の内容には影響しない"),
    CodeInfo::new("cache.unusable", Severity::Warning, "使えない控えのフォルダ", "出力フォルダの `.cache` がリンク（シンボリックリンク）やファイルのため、控えを使わず書き込みもしなかった。`.cache` を削除すると次回から控えを作る"),
    CodeInfo::new("plan.report_sheet", Severity::Error, "計画の場所にある進捗報告", "`plans/` の表計算ファイルのシートに進捗状況の列があり、工程表（年度）の列がない。進捗報告とみなし、計画として読んでいない。進捗報告は `progress/` に置く"),
    CodeInfo::new("plan.two_dates", Severity::Warning, "ファイル名に年月が二つある計画", "計画のファイル名に年月が二つ以上ある（例: `計画_2020-04策定_2023-02改定.txt`）。最も新しい年月の版として読んだ。版の年月だけを一つ入れた名前にする"),
    CodeInfo::new("progress.no_rows", Severity::Error, "1 行も読めなかった進捗報告", "進捗報告のファイルから報告の行を 1 行も読めなかった（見出し行がない、行が空など）。記入済みの報告か確認する"),
    CodeInfo::new("plan.outlying_year", Severity::Warning, "計画の他の年度から離れた年度", "工程表の年度が、同じ計画ファイルの他の年度から 10 年を超えて離れている（例: 令和の計画に「1901年度」）。誤記とみなし、その年度の工程は取り込んでいない。計画の年度を確認する"),
    CodeInfo::new("progress.replaced", Severity::Warning, "別のファイルの報告で置換", "同じ項目・同じ月の報告が二つのファイルにあり、後のファイル（ファイル名の順）の報告を使った。両方のファイル名を示す。古い月のブックを上書きしていないか、同じ報告を二度出していないか確認する"),
    CodeInfo::new("progress.conflict", Severity::Warning, "食い違う二つの報告", "同じファイルに同じ項目・同じ月の報告が二つあり、内容（進捗状況・進捗率・文章など）が違う。後の行を使った。どちらが正しいか部署に確認する"),
    CodeInfo::new("progress.not_owner", Severity::Warning, "担当外の部署からの報告", "担当部署でない部署のファイル（担当部署の列、ファイル名・シート名、進捗入力シートで判断）からの報告。担当部署の報告があるときはそちらを使い、この報告は控え（secondary）として表にだけ残した。担当部署の報告がないときはこの報告を使った"),
    CodeInfo::new("progress.status_percent", Severity::Warning, "進捗状況と進捗率の食い違い", "進捗状況が「完了」なのに進捗率が 100% 未満、または「未着手」なのに 0% を超えている。報告どおり取り込んだ。部署に確認する"),
    CodeInfo::new("run.period_suspect", Severity::Warning, "対象期間の確認", "対象期間に報告が一件もない、進捗報告の最新月から 2 か月を超えて離れている、または計画の期間（年度）の外にある。`--period` の指定の誤りでないか確認する"),
    CodeInfo::new("output.clerk_file_kept", Severity::Warning, "出力フォルダの手元のファイルを保存", "前回の出力フォルダに、前回の実行が書いていないファイル（メモなど）や、書いた後に変更された出力（全体集計.xlsx への書き込みなど）があった。削除せず、新しい出力フォルダに移した（変更された出力は「…_編集済」の名前で残した）"),
    CodeInfo::new("plan.too_many_items", Severity::Error, "実践項目が多すぎる計画", "一つの計画ファイルの実践項目が上限（設定ファイルの [limits] max_plan_items、既定 10,000 件）を超えた。上限を超えたところからの取組は取り込んでいない。計画のファイルか確認し、本当にそれだけの項目があるなら上限を上げる"),
    CodeInfo::new("plan.shift_jis_extraction", Severity::Warning, "Shift_JIS で取り出したテキスト", "pdftotext -enc Shift-JIS で取り出したテキストでは、Shift_JIS にない文字（～ － ① ◯ など）が落ちている。期間の「～」、何もしない年度の「－」、実施の印の「◯」が読めず、その年度が前の年度の継続や空欄と読まれることがある（年度どうしが続けて書かれたもの「R9R11」は期間として読んだ）。PDF・Word をそのまま置くか、-enc を付けずに（UTF-8 で）取り出したテキストを置く"),
    CodeInfo::new("plan.layout_page_misfit", Severity::Warning, "列の位置が見出しと合わないページ", "pdftotext -layout で取り出したテキストで、表の見出しより後のページの行が、見出しの列の位置にも、そのページに合わせて縮めたり広げたりずらしたりした列の位置にも合わない（一つの担当課の列か年度の列に、離れた値が二つある）。pdftotext はページごとに文字の位置を詰め直すため、そのページの担当課や工程表が隣の列のものとして読まれていることがある。示した行から始まるページの実践項目を計画と見比べるか、計画の PDF・Word をそのまま置く"),
];

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in an input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// Input file name as the clerk knows it (relative to the input folder).
    pub file: String,
    /// `12行目`, `バイト 40`, `Sheet1 7行目 C列` (see [`line_location`], [`row_location`],
    /// [`cell_location`]), or empty when the finding is about the whole file.
    pub location: String,
    pub code: FindingCode,
    /// The offending value, as found.
    pub value: String,
    /// What is wrong and what to do, in Japanese.
    pub message: String,
}

impl Finding {
    /// A finding of `code` with the code's severity.
    pub fn new(
        file: impl Into<String>,
        location: impl Into<String>,
        code: FindingCode,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            severity: code.severity(),
            file: file.into(),
            location: location.into(),
            code,
            value: String::new(),
            message: message.into(),
        }
    }

    /// The same finding with another severity (for codes whose weight depends on the case).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The same finding quoting the offending value.
    pub fn with_value(mut self, value: impl Into<String>) -> Self {
        self.value = value.into();
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.severity.label(), self.file)?;
        if !self.location.is_empty() {
            write!(f, " {}", self.location)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Where a line of a text file (plan text, CSV) stands: `12行目` (1-based).
pub fn line_location(line: usize) -> String {
    format!("{line}行目")
}

/// Where a row stands: `R6.9月報告 5行目`, or `5行目` when there is no sheet (CSV).
/// `row` is 1-based.
pub fn row_location(sheet: &str, row: usize) -> String {
    if sheet.is_empty() {
        line_location(row)
    } else {
        format!("{sheet} {}", line_location(row))
    }
}

/// Where a cell stands: `R6.9月報告 5行目 D列`, or `5行目 D列` when there is no sheet
/// (CSV). `row` is 1-based, `column` the column's letters.
pub fn cell_location(sheet: &str, row: usize, column: &str) -> String {
    format!("{} {column}列", row_location(sheet, row))
}

/// What the terminal shows of a run's findings: errors and warnings in order, at most
/// [`TERMINAL_PER_CODE`] of each code (a file of 30,000 bad rows would otherwise print
/// megabytes), and how many were left out. Every finding stays in the diagnostics table.
pub struct TerminalFindings<'a> {
    pub shown: Vec<&'a Finding>,
    pub omitted: usize,
}

/// Lines of one finding code shown on the terminal.
pub const TERMINAL_PER_CODE: usize = 20;

impl<'a> TerminalFindings<'a> {
    pub fn of(findings: &'a [Finding]) -> TerminalFindings<'a> {
        let mut per_code: std::collections::HashMap<FindingCode, usize> =
            std::collections::HashMap::new();
        let mut shown = Vec::new();
        let mut omitted = 0;
        for f in findings.iter().filter(|f| f.severity != Severity::Info) {
            let n = per_code.entry(f.code).or_default();
            *n += 1;
            if *n <= TERMINAL_PER_CODE {
                shown.push(f);
            } else {
                omitted += 1;
            }
        }
        TerminalFindings { shown, omitted }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_read_as_rows_and_columns() {
        assert_eq!(line_location(12), "12行目");
        assert_eq!(row_location("R6.9月報告", 5), "R6.9月報告 5行目");
        assert_eq!(row_location("", 5), "5行目");
        assert_eq!(cell_location("R6.9月報告", 5, "D"), "R6.9月報告 5行目 D列");
        assert_eq!(cell_location("", 3, "AB"), "3行目 AB列");
    }

    #[test]
    fn the_terminal_shows_a_bounded_number_of_each_code() {
        let bad = |code| Finding::new("a.csv", "1行目", code, "m");
        let mut all: Vec<Finding> = (0..50)
            .map(|_| bad(FindingCode::ProgressUnknownItem))
            .collect();
        all.push(bad(FindingCode::PlanNoInitiatives));
        let t = TerminalFindings::of(&all);
        assert_eq!(t.shown.len(), TERMINAL_PER_CODE + 1);
        assert_eq!(t.omitted, 50 - TERMINAL_PER_CODE);
        assert_eq!(
            t.shown.last().map(|f| f.code),
            Some(FindingCode::PlanNoInitiatives)
        );
    }

    #[test]
    fn codes_are_unique_and_the_code_list_lists_each() {
        let mut seen = std::collections::BTreeSet::new();
        for (i, c) in FindingCode::ALL.into_iter().enumerate() {
            assert_eq!(c as usize, i, "{c:?} out of order in ALL");
            assert!(seen.insert(c.as_str()), "{c} twice");
        }
        let list = include_str!("../docs/診断コード.md");
        assert!(
            list.contains(&FindingCode::markdown_table()),
            "docs/診断コード.md の表を FindingCode::markdown_table() の出力で置き換えてください:\n{}",
            FindingCode::markdown_table()
        );
    }
}
