//! The store of parsed progress reports (`<output>/.cache/reports.bin`): a second run takes
//! the reports from it, a changed report or changed reading settings are read anew, and
//! outputs are byte for byte those of a run with `--no-cache`. A store that is cut short,
//! corrupt, too large, not a file, a link, or hand-edited is a miss, rebuilt with a note;
//! a `.cache` that is a link is not used; two runs at once leave a usable store.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use gyokaku::progress::FileReport;
use gyokaku::run::cache::store::{self, StoredReport};

use crate::common::*;

const PERIOD: &str = "2024-09";

/// What one run left: exit status, the period's outputs, and the codes of its findings
/// (from the diagnostics table).
struct Ran {
    code: i32,
    outputs: BTreeMap<String, Vec<u8>>,
    diagnostics: String,
}

impl Ran {
    /// The outputs that do not list findings: section workbooks and the tables of plan
    /// and progress (the summary, the diagnostics table and the manifest carry notes).
    fn beside_findings(&self) -> BTreeMap<String, Vec<u8>> {
        self.outputs
            .iter()
            .filter(|(k, _)| {
                !k.contains("diagnostics")
                    && !k.contains(gyokaku::SUMMARY_FILE)
                    && !k.contains("manifest")
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// The diagnostics lines of code `code`.
    fn notes(&self, code: &str) -> Vec<&str> {
        self.diagnostics
            .lines()
            .filter(|l| l.contains(code))
            .collect()
    }
}

fn command(input: &Path, output: &Path, period: &str, no_cache: bool) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gyokaku"));
    cmd.args(["run", "--period", period, "--input"])
        .arg(input)
        .arg("--output")
        .arg(output);
    if no_cache {
        cmd.arg("--no-cache");
    }
    cmd
}

/// Runs `gyokaku run --period 2024-09`, with `--no-cache` when asked.
fn run(input: &Path, output: &Path, no_cache: bool) -> Ran {
    let out = command(input, output, PERIOD, no_cache).output().unwrap();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 2,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let outputs = snapshot(&output.join(PERIOD));
    let diagnostics = String::from_utf8_lossy(&outputs["tables/diagnostics.csv"]).into_owned();
    Ran {
        code,
        outputs,
        diagnostics,
    }
}

fn store_path(output: &Path) -> PathBuf {
    output.join(".cache/reports.bin")
}

/// The store's reports, decoded as gyokaku decodes them.
fn stored(output: &Path) -> Vec<StoredReport> {
    let bytes = std::fs::read(store_path(output)).unwrap();
    store::decode(&bytes).unwrap()
}

/// Rewrites the store with each report changed by `edit` (a valid checksum: what a
/// hand-edit that knows the format leaves).
fn edit_store(output: &Path, mut edit: impl FnMut(&mut FileReport)) {
    let mut reports = stored(output);
    for r in &mut reports {
        edit(&mut r.report);
    }
    let refs: Vec<_> = reports
        .iter()
        .map(|r| (r.key, r.window, r.seen.as_ref(), &r.report))
        .collect();
    std::fs::write(store_path(output), store::encode_seen(&refs).unwrap()).unwrap();
}

fn progress_files(input: &Path) -> usize {
    std::fs::read_dir(input.join("progress")).unwrap().count()
}

/// What a run without the cache writes for `input`.
fn uncached(input: &Path) -> Ran {
    let out = tempfile::tempdir().unwrap();
    let got = run(input, out.path(), true);
    assert!(!out.path().join(".cache").exists(), "--no-cache keeps none");
    got
}

#[test]
fn a_second_run_takes_every_report_from_the_store_and_writes_the_same_outputs() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let first = run(input.path(), out.path(), false);
    let names: Vec<_> = std::fs::read_dir(out.path().join(".cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["reports.bin"], "one store, no file per report");
    assert_eq!(stored(out.path()).len(), progress_files(input.path()));
    let bytes = std::fs::read(store_path(out.path())).unwrap();
    let modified = std::fs::metadata(store_path(out.path()))
        .unwrap()
        .modified()
        .unwrap();

    let second = run(input.path(), out.path(), false);
    let after = std::fs::metadata(store_path(out.path())).unwrap();
    assert_eq!(after.modified().unwrap(), modified, "not rewritten");
    assert_eq!(second.outputs, first.outputs);
    assert_eq!(uncached(input.path()).outputs, first.outputs);
    // --no-cache leaves the store alone.
    run(input.path(), out.path(), true);
    assert_eq!(std::fs::read(store_path(out.path())).unwrap(), bytes);
    assert!(first.notes("cache.").is_empty(), "{}", first.diagnostics);
}

#[test]
fn a_first_run_without_a_period_writes_the_store_into_a_new_output_folder() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("new");
    let ran = run_gyokaku_default_period(input.path(), &output);
    assert!(matches!(ran.code, 0 | 2), "{}", ran.stderr);
    assert_eq!(stored(&output).len(), progress_files(input.path()));
}

#[test]
fn the_second_run_does_use_what_the_store_holds() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let first = run(input.path(), out.path(), false);
    // Change what every stored row did: a run that takes them shows it in its outputs.
    edit_store(out.path(), |r| {
        for row in &mut r.records {
            row.results = "控えから読んだ実績".into();
        }
    });
    let tampered = run(input.path(), out.path(), false);
    assert_ne!(tampered.outputs, first.outputs);
    let csv = String::from_utf8_lossy(&tampered.outputs["tables/progress.csv"]).into_owned();
    assert!(csv.contains("控えから読んだ実績"), "{csv}");
    // --no-cache reads the files themselves.
    assert_eq!(run(input.path(), out.path(), true).outputs, first.outputs);
}

#[test]
fn a_changed_report_is_read_anew_and_only_it() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    run(input.path(), out.path(), false);
    edit_store(out.path(), |r| {
        for row in &mut r.records {
            row.next_steps = "控えから".into();
        }
    });
    let csv = input.path().join("progress/都市建設部_2024-09.csv");
    let mut bytes = std::fs::read(&csv).unwrap();
    bytes.extend_from_slice(b"\r\n");
    std::fs::write(&csv, bytes).unwrap();
    let got = run(input.path(), out.path(), false);

    let reports = stored(out.path());
    assert_eq!(reports.len(), progress_files(input.path()));
    for r in &reports {
        let fresh = r.report.account.file.contains("都市建設部");
        assert!(
            r.report
                .records
                .iter()
                .all(|row| (row.next_steps == "控えから") != fresh),
            "{}: only the changed file read anew",
            r.report.account.file
        );
    }
    let table = String::from_utf8_lossy(&got.outputs["tables/progress.csv"]).into_owned();
    assert!(table.contains("控えから"));
    // Without the edit, the run is the uncached one.
    let out = tempfile::tempdir().unwrap();
    run(input.path(), out.path(), false);
    assert_eq!(
        run(input.path(), out.path(), false).outputs,
        uncached(input.path()).outputs
    );
}

#[test]
fn a_report_unchanged_on_disk_is_not_read_and_one_rewritten_in_place_is() {
    let input = input_with_progress();
    // Files younger than two seconds get no stamp (they could change again unseen).
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let out = tempfile::tempdir().unwrap();
    let first = run(input.path(), out.path(), false);
    assert!(
        stored(out.path()).iter().all(|r| r.seen.is_some()),
        "every settled file stamped"
    );
    edit_store(out.path(), |r| {
        for row in &mut r.records {
            row.next_steps = "控えから".into();
        }
    });
    let csv = input.path().join("progress/都市建設部_2024-09.csv");
    let again = run(input.path(), out.path(), false);
    let table = String::from_utf8_lossy(&again.outputs["tables/progress.csv"]).into_owned();
    assert!(table.contains("控えから"), "taken by its stamp: {table}");
    // The same size and modification time, another content: the status-change time
    // tells, and the file is read anew.
    let modified = std::fs::metadata(&csv).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let rewritten = text.replacen("60％", "70％", 1);
    assert_eq!(rewritten.len(), text.len());
    std::fs::write(&csv, rewritten).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&csv)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    run(input.path(), out.path(), false);
    for r in stored(out.path()) {
        let fresh = r.report.account.file.contains("都市建設部");
        assert!(
            r.report
                .records
                .iter()
                .all(|row| (row.next_steps == "控えから") != fresh),
            "{}: only the rewritten file read anew",
            r.report.account.file
        );
        if fresh {
            assert!(r.report.records.iter().any(|row| row.percent == Some(70.0)));
        }
    }
    assert_ne!(first.outputs, again.outputs);
}

#[test]
fn next_month_with_its_period_reads_only_its_own_files() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    run(input.path(), out.path(), false);
    edit_store(out.path(), |r| {
        for row in &mut r.records {
            row.next_steps = "控えから".into();
        }
    });
    let progress = input.path().join("progress");
    let next = std::fs::read_to_string(progress.join("都市建設部_2024-09.csv"))
        .unwrap()
        .replace("2024年9月", "2024年10月")
        .replace("2024-09", "2024-10");
    std::fs::write(progress.join("都市建設部_2024-10.csv"), next).unwrap();
    let out2 = command(input.path(), out.path(), "2024-10", false)
        .output()
        .unwrap();
    assert!(matches!(out2.status.code(), Some(0 | 2)));
    let table = std::fs::read_to_string(out.path().join("2024-10/tables/progress.csv")).unwrap();
    assert!(
        table.contains("控えから"),
        "last month's reports from the store"
    );
    let reports = stored(out.path());
    assert_eq!(reports.len(), progress_files(input.path()));
    let new = reports
        .iter()
        .find(|r| r.report.account.file.contains("2024-10"))
        .unwrap();
    assert!(
        new.report
            .records
            .iter()
            .all(|row| row.next_steps != "控えから")
    );
}

#[test]
fn cached_rows_take_the_file_order_of_the_run() {
    let input = input_with_progress();
    let progress = input.path().join("progress");
    let city = progress.join("都市建設部_2024-09.csv");
    // Two files sorted before the city's report: it is the 7th file when stored.
    for name in ["000a_環境生活課.csv", "000b_環境生活課.csv"] {
        std::fs::copy(
            progress.join("進捗_202409_環境生活課.csv"),
            progress.join(name),
        )
        .unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    run(input.path(), out.path(), false);

    // Now the 5th, followed by a later report of the same rows that must win.
    std::fs::remove_file(progress.join("000a_環境生活課.csv")).unwrap();
    std::fs::remove_file(progress.join("000b_環境生活課.csv")).unwrap();
    let later = std::fs::read_to_string(&city)
        .unwrap()
        .replace("指定管理者制度の導入を検討", "後から届いた報告");
    std::fs::write(progress.join("都市建設部_2024-09_追加.csv"), later).unwrap();
    let got = run(input.path(), out.path(), false);
    assert_eq!(stored(out.path()).len(), progress_files(input.path()));
    let csv = String::from_utf8_lossy(&got.outputs["tables/progress.csv"]).into_owned();
    assert!(csv.contains("後から届いた報告"), "{csv}");
    assert_eq!(got.outputs, uncached(input.path()).outputs);
}

#[test]
fn settings_that_reading_uses_read_every_report_anew_and_others_keep_the_store() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    run(input.path(), out.path(), false);
    let mark = |out: &Path| {
        edit_store(out, |r| {
            for row in &mut r.records {
                row.issues = "控えから".into();
            }
        });
    };
    mark(out.path());
    // The workbooks' due day is not read with the reports: the store is still used.
    std::fs::write(
        input.path().join("gyokaku.toml"),
        "[report]\ndue_day = 15\n",
    )
    .unwrap();
    let kept = run(input.path(), out.path(), false);
    let table = String::from_utf8_lossy(&kept.outputs["tables/progress.csv"]).into_owned();
    assert!(table.contains("控えから"), "{table}");

    std::fs::write(
        input.path().join("gyokaku.toml"),
        "[report]\ndue_day = 15\n[progress.status_synonyms]\n\"着手済\" = \"実施中\"\n",
    )
    .unwrap();
    let got = run(input.path(), out.path(), false);
    assert_eq!(got.outputs, uncached(input.path()).outputs);
    assert_eq!(stored(out.path()).len(), progress_files(input.path()));
}

/// Runs with the store as `damage` leaves it: the run reads every report anew with a
/// `cache.rebuilt` note, its other outputs are those of the first run, and the next run
/// takes the rebuilt store without a note.
fn rebuilt_after(damage: impl FnOnce(&Path)) {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let first = run(input.path(), out.path(), false);
    damage(&store_path(out.path()));
    let second = run(input.path(), out.path(), false);
    assert_eq!(second.code, first.code);
    assert_eq!(second.beside_findings(), first.beside_findings());
    let notes = second.notes("cache.rebuilt");
    assert_eq!(notes.len(), 1, "{}", second.diagnostics);
    assert!(notes[0].contains(".cache/reports.bin"), "{}", notes[0]);
    assert_eq!(stored(out.path()).len(), progress_files(input.path()));
    let third = run(input.path(), out.path(), false);
    assert_eq!(third.outputs, first.outputs);
}

#[test]
fn a_truncated_store_is_rebuilt_with_a_note() {
    rebuilt_after(|p| {
        let whole = std::fs::read(p).unwrap();
        std::fs::write(p, &whole[..whole.len() / 2]).unwrap();
    });
    rebuilt_after(|p| std::fs::write(p, b"GYOKAKU").unwrap());
}

#[test]
fn a_corrupt_store_is_rebuilt_with_a_note() {
    rebuilt_after(|p| {
        let mut whole = std::fs::read(p).unwrap();
        let mid = whole.len() / 2;
        whole[mid] ^= 0x55;
        std::fs::write(p, whole).unwrap();
    });
    rebuilt_after(|p| std::fs::write(p, b"\x00\xffgarbage{").unwrap());
}

#[test]
fn an_oversized_store_is_not_read_and_is_rebuilt_with_a_note() {
    // 3 GB (sparse): refused by its size, never read into memory.
    rebuilt_after(|p| {
        let f = std::fs::OpenOptions::new().write(true).open(p).unwrap();
        f.set_len(3 * 1024 * 1024 * 1024).unwrap();
    });
}

#[test]
fn a_store_that_is_a_folder_or_a_pipe_is_rebuilt_without_waiting() {
    rebuilt_after(|p| {
        std::fs::remove_file(p).unwrap();
        std::fs::create_dir(p).unwrap();
        std::fs::write(p.join("x"), b"x").unwrap();
    });
    rebuilt_after(|p| {
        std::fs::remove_file(p).unwrap();
        let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid C string; mkfifo only creates the pipe.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    });
}

/// Runs with every stored report changed by `edit`: each is read anew with a note on its
/// file, and the outputs are those of a run without the store.
fn hand_edit_is_refused(edit: impl FnMut(&mut FileReport)) {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let first = run(input.path(), out.path(), false);
    edit_store(out.path(), edit);
    let second = run(input.path(), out.path(), false);
    assert_eq!(second.beside_findings(), first.beside_findings());
    let notes = second.notes("cache.rebuilt");
    // A month that does not decode refuses the whole store; the others, their report.
    assert!(!notes.is_empty(), "{}", second.diagnostics);
    assert_eq!(run(input.path(), out.path(), false).outputs, first.outputs);
}

#[test]
fn a_hand_edited_edition_item_or_month_is_a_miss_not_a_panic() {
    hand_edit_is_refused(|r| r.records.iter_mut().for_each(|row| row.edition = 99));
    hand_edit_is_refused(|r| {
        for row in &mut r.records {
            row.item_id = gyokaku::plan::ItemId::from_parts(&[99, 99]).unwrap();
        }
    });
    // A month that does not exist, stored as such (Period's fields are public).
    hand_edit_is_refused(|r| {
        for row in &mut r.records {
            row.period = Some(gyokaku::wareki::Period {
                year: 2024,
                month: 13,
            });
        }
    });
    hand_edit_is_refused(|r| {
        for row in &mut r.records {
            row.status = Some("完了".into());
            row.status_raw = "未定義の状況".into();
            row.percent = Some(250.0);
        }
    });
    hand_edit_is_refused(|r| r.account.accepted += 1);
}

/// Every row of every stored report changed by `edit`.
fn each_row(
    mut edit: impl FnMut(&mut gyokaku::progress::ProgressRow),
) -> impl FnMut(&mut FileReport) {
    move |r: &mut FileReport| r.records.iter_mut().for_each(&mut edit)
}

#[test]
fn a_stored_month_the_file_name_does_not_give_is_a_miss() {
    use gyokaku::progress::PeriodSource;
    use gyokaku::wareki::Period;
    // Every sample report's name gives 2024-09; a month taken from the name that is
    // another (within the window of plausible months) cannot come from these files.
    hand_edit_is_refused(each_row(|row| {
        row.period = Some(Period {
            year: 2024,
            month: 8,
        });
        row.period_source = PeriodSource::FileName;
        row.report_day = None;
    }));
    // A row without a month in a file whose name gives one.
    hand_edit_is_refused(each_row(|row| {
        row.period = None;
        row.period_source = PeriodSource::Run;
        row.report_day = None;
    }));
    // A day past the month's end (September has 30), or a day without a date column.
    hand_edit_is_refused(each_row(|row| row.report_day = Some(31)));
}

#[test]
fn a_stored_row_out_of_place_or_on_a_sheet_its_file_cannot_have_is_a_miss() {
    hand_edit_is_refused(each_row(|row| row.source_row += 1));
    hand_edit_is_refused(each_row(|row| row.order.row += 1));
    hand_edit_is_refused(|r| r.records.reverse());
    hand_edit_is_refused(each_row(|row| {
        row.source_sheet = if row.source_file.ends_with(".csv") {
            "Sheet1".into()
        } else {
            "三十二文字を超えるシート名".repeat(3)
        };
    }));
}

#[test]
fn a_stored_value_the_reader_cannot_give_is_a_miss() {
    // A text with the spaces or line breaks the reader trims and unifies.
    hand_edit_is_refused(each_row(|row| row.results.push_str("\r\n")));
    hand_edit_is_refused(each_row(|row| row.status_raw.insert(0, ' ')));
    // A sender section that neither the sheet's nor the file's name gives (the reader
    // names one only for another section's item, from those names).
    hand_edit_is_refused(each_row(|row| row.reported_by = Some("総務課".into())));
    // An amount past the reader's limit.
    hand_edit_is_refused(each_row(|row| row.effect_yen = Some(i64::MAX)));
    // 完了 at 50 %: the reader takes it with a note; without the note it was not read so.
    hand_edit_is_refused(each_row(|row| {
        row.status = Some("完了".into());
        row.status_raw = "完了".into();
        row.percent = Some(50.0);
    }));
}

#[test]
fn a_cache_folder_that_is_a_link_is_not_used_and_nothing_is_written_through_it() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let first = run(input.path(), out.path(), true);
    let before = snapshot(input.path());
    // The cache folder pointing into the input folder.
    std::os::unix::fs::symlink(input.path().join("progress"), out.path().join(".cache")).unwrap();
    let got = run(input.path(), out.path(), false);
    assert_eq!(snapshot(input.path()), before, "input unchanged");
    assert_eq!(got.beside_findings(), first.beside_findings());
    assert_eq!(got.notes("cache.unusable").len(), 1, "{}", got.diagnostics);
}

#[test]
fn links_inside_the_cache_folder_are_replaced_not_written_through() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let first = run(input.path(), out.path(), false);
    let before = snapshot(input.path());
    let cache = out.path().join(".cache");
    // The store a link to an input file; the folder of earlier versions a link to the
    // input's reports.
    std::fs::remove_file(store_path(out.path())).unwrap();
    let report = input.path().join("progress/都市建設部_2024-09.csv");
    std::os::unix::fs::symlink(&report, store_path(out.path())).unwrap();
    std::os::unix::fs::symlink(input.path().join("progress"), cache.join("progress")).unwrap();
    let got = run(input.path(), out.path(), false);
    assert_eq!(snapshot(input.path()), before, "input unchanged");
    assert_eq!(got.beside_findings(), first.beside_findings());
    assert_eq!(got.notes("cache.rebuilt").len(), 1, "{}", got.diagnostics);
    let meta = std::fs::symlink_metadata(store_path(out.path())).unwrap();
    assert!(meta.is_file(), "the link replaced by the store itself");
    assert_eq!(stored(out.path()).len(), progress_files(input.path()));
}

#[test]
fn two_runs_at_once_leave_a_usable_store() {
    let input = input_with_progress();
    // Files younger than two seconds get no stamp: were the rounds over sooner, the last
    // run would stamp them and rewrite the store, whatever the rounds left.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let out = tempfile::tempdir().unwrap();
    let reference = uncached(input.path());
    for round in 0..3 {
        // Two periods, so that neither run waits for the other's period folder.
        let children: Vec<_> = [PERIOD, "2024-08"]
            .iter()
            .map(|p| {
                command(input.path(), out.path(), p, false)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut c in children {
            let status = c.wait().unwrap();
            assert!(matches!(status.code(), Some(0 | 2)), "round {round}");
        }
        assert_eq!(stored(out.path()).len(), progress_files(input.path()));
        let _ = std::fs::remove_dir_all(out.path().join(PERIOD));
        let _ = std::fs::remove_dir_all(out.path().join("2024-08"));
    }
    let modified = std::fs::metadata(store_path(out.path()))
        .unwrap()
        .modified()
        .unwrap();
    let got = run(input.path(), out.path(), false);
    assert_eq!(got.outputs, reference.outputs);
    let after = std::fs::metadata(store_path(out.path())).unwrap();
    assert_eq!(
        after.modified().unwrap(),
        modified,
        "every report taken from it"
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.path().join(".cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
}
