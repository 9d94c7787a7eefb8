//! The output folder is the only place a build writes, and the last good output survives
//! anything: spellings of `--output` that reach the sources, a kill at any moment, leftovers
//! of killed builds.

mod common;
use common::*;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A fresh `taper new site` in `scratch(name)/s`.
fn new_site(name: &str) -> PathBuf {
    let dir = scratch(name);
    taper()
        .current_dir(&dir)
        .args(["new", "site", "s"])
        .assert()
        .success();
    dir.join("s")
}

/// Every file and folder below `dir` with its bytes (folders as empty), to prove nothing moved.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let bytes = if e.file_type().is_file() {
                fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            (rel, bytes)
        })
        .collect()
}

/// Runs `taper build --output <spelling>` (with and without `--force`) in `cwd` and expects a
/// refusal that leaves the whole site as it was.
fn refused(site: &Path, cwd: &Path, spelling: &str, why: &str) {
    let parent = site.parent().unwrap();
    let before = tree(parent);
    for force in [false, true] {
        let mut cmd = taper();
        cmd.current_dir(cwd)
            .args(["build", "--root"])
            .arg(site)
            .args(["--output", spelling]);
        if force {
            cmd.arg("--force");
        }
        let out = cmd.assert().code(1);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(err.contains(why), "{spelling} (force {force}): {err}");
        assert_eq!(
            before,
            tree(parent),
            "{spelling} (force {force}) changed files"
        );
    }
}

#[test]
fn no_spelling_of_the_output_reaches_the_sources() {
    let site = new_site("spellings");
    let sources = "would replace your sources";
    let the_site = "is the site folder or one of its parents";
    for spelling in [
        "nx/../content",
        "content/.",
        "content//",
        "./content",
        "content/posts",
        "nx/deeper/../../content/posts/new",
        "nx/../templates",
        "templates",
        "static",
        "nx/../site.yaml",
        "site.yaml",
    ] {
        refused(&site, &site, spelling, sources);
    }
    for spelling in [".", "./x/../.", "nx/../../s", "..", "nx/../.."] {
        refused(&site, &site, spelling, the_site);
    }
    // Absolute paths, a symlink to content/, and a path through a symlink.
    let abs = site.join("content").to_string_lossy().into_owned();
    refused(&site, &site, &abs, sources);
    std::os::unix::fs::symlink(site.join("content"), site.parent().unwrap().join("lnk")).unwrap();
    refused(&site, site.parent().unwrap(), "lnk", sources);
    refused(&site, site.parent().unwrap(), "lnk/posts", sources);
    refused(&site, site.parent().unwrap(), "lnk/..", the_site);
    // From outside the site, with --root.
    refused(&site, site.parent().unwrap(), "s/nx/../content", sources);
}

#[test]
fn the_home_folder_is_refused() {
    let site = new_site("home");
    let home = site.parent().unwrap().join("home");
    fs::create_dir_all(home.join("me")).unwrap();
    let out = taper()
        .env("HOME", home.join("me"))
        .args(["build", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(&home)
        .arg("--force")
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("your home folder"), "{err}");
    assert!(home.join("me").is_dir());
}

#[test]
fn an_output_through_a_missing_folder_outside_the_sources_builds() {
    let site = new_site("through-missing");
    taper()
        .current_dir(&site)
        .args(["build", "--output", "nx/../out"])
        .assert()
        .success();
    assert!(site.join("out/index.html").is_file());
    assert!(
        !site.join("nx").exists(),
        "only the resolved path is created"
    );
}

/// A site with `n` small articles.
fn big_site(name: &str, n: usize) -> PathBuf {
    let root = scratch(name);
    write(
        &root,
        "site.yaml",
        "title: Many\nbase_url: https://example.org/\n",
    );
    for i in 0..n {
        write(
            &root,
            &format!("content/posts/p{i:05}.md"),
            format!(
                "---\ntitle: Post {i}\ndate: 2026-{:02}-{:02}\ntags: [t{}]\n---\n## Part\n\nRest {i} is training. {}\n",
                i % 12 + 1,
                i % 28 + 1,
                i % 7,
                "Words and more words. ".repeat(20)
            ),
        );
    }
    root
}

/// Folders beside `out` that a build left behind.
fn leftovers(out: &Path) -> Vec<String> {
    fs::read_dir(out.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".taper-"))
        .collect()
}

#[test]
fn a_kill_at_any_moment_leaves_a_whole_output_and_the_next_build_cleans_up() {
    let root = big_site("kills", 3000);
    let out = root.join("public");
    let started = Instant::now();
    build_into(&root, &out);
    let took = started.elapsed();
    let old = files(&out);
    // The next builds would write something else, so a half-swapped output would show.
    write(
        &root,
        "content/posts/p00000.md",
        "---\ntitle: Changed\n---\nNew.\n",
    );
    let other = root.join("expected-new");
    build_into(&root, &other);
    let new = files(&other);
    assert_ne!(old, new);
    let bin = assert_cmd::cargo::cargo_bin("taper");
    let mut killed_before_the_end = 0;
    for i in 1..=10u32 {
        let mut child = std::process::Command::new(&bin)
            .args(["build", "--root"])
            .arg(&root)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(took.mul_f64(f64::from(i) / 11.0));
        if child.try_wait().unwrap().is_none() {
            killed_before_the_end += 1;
        }
        child.kill().unwrap(); // SIGKILL: no clean-up runs
        child.wait().unwrap();
        let now = files(&out);
        assert!(
            now == old || now == new,
            "kill {i}: the output is neither the old nor the new site ({} files)",
            now.len()
        );
    }
    assert!(
        killed_before_the_end >= 5,
        "only {killed_before_the_end} kills hit a running build"
    );
    build_into(&root, &out);
    assert_eq!(files(&out), new);
    assert_eq!(leftovers(&out), Vec::<String>::new());
}

#[test]
fn a_crash_just_before_or_after_the_swap_keeps_a_whole_output() {
    let root = big_site("crash-points", 3);
    let out = root.join("public");
    build_into(&root, &out);
    let old = files(&out);
    write(
        &root,
        "content/posts/p00000.md",
        "---\ntitle: Changed\n---\nNew.\n",
    );
    for (point, expect_old) in [("before-swap", true), ("after-swap", false)] {
        let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("taper"))
            .args(["build", "--root"])
            .arg(&root)
            .env("TAPER_CRASH_AT", point)
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(!status.success(), "{point}: the crash hook did not fire");
        let now = files(&out);
        assert_eq!(now == old, expect_old, "{point}");
        assert!(
            now.contains_key("posts/p00001/index.html"),
            "{point}: whole"
        );
        assert_eq!(leftovers(&out).len(), 1, "{point}: {:?}", leftovers(&out));
    }
    build_into(&root, &out);
    assert_eq!(leftovers(&out), Vec::<String>::new());
}

#[test]
fn leftover_cleanup_removes_only_dead_builds_own_folders() {
    let root = big_site("leftovers", 2);
    let out = root.join("public");
    let marker = ".taper-output";
    // A dead build's staging and set-aside folders (pid 2^22 + 1 is above Linux's pid_max
    // default of 2^22, so no process has it).
    let dead = 4_194_305;
    for kind in ["tmp", "old"] {
        write(&root, &format!(".public.taper-{kind}-{dead}/{marker}"), "x");
        write(
            &root,
            &format!(".public.taper-{kind}-{dead}/index.html"),
            "x",
        );
    }
    // A running build's (this test's own process), one without the marker, a user's folder
    // that only looks similar, and another output's leftover: all kept.
    let me = std::process::id();
    write(&root, &format!(".public.taper-tmp-{me}/{marker}"), "x");
    write(
        &root,
        &format!(".public.taper-tmp-{}/keep.txt", dead + 1),
        "mine",
    );
    write(&root, &format!(".public.taper-tmp-{dead}x/{marker}"), "x");
    write(&root, &format!(".public.taper-backup-{dead}/{marker}"), "x");
    write(&root, &format!(".site.taper-tmp-{dead}/{marker}"), "x");
    build_into(&root, &out);
    let mut left = leftovers(&out);
    left.sort();
    let mut kept = vec![
        format!(".public.taper-backup-{dead}"),
        format!(".public.taper-tmp-{}", dead + 1),
        format!(".public.taper-tmp-{dead}x"),
        format!(".public.taper-tmp-{me}"),
        format!(".site.taper-tmp-{dead}"),
    ];
    kept.sort();
    assert_eq!(left, kept);
}

/// Runs `script` with `sh` in a new user and mount namespace (where it may mount a small
/// tmpfs), or gives None where this system does not allow one.
fn in_namespace(script: &str) -> Option<std::process::Output> {
    let ok = std::process::Command::new("unshare")
        .args(["-rm", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("skipped: unshare -rm is not available here");
        return None;
    }
    Some(
        std::process::Command::new("unshare")
            .args(["-rm", "sh", "-c", script])
            .output()
            .unwrap(),
    )
}

#[test]
fn a_full_disk_names_the_output_and_the_file_and_keeps_the_previous_output() {
    let root = big_site("disk-full", 1);
    let disk = scratch("disk-full-mount");
    let bin = assert_cmd::cargo::cargo_bin("taper");
    let (r, d, b) = (root.display(), disk.display(), bin.display());
    // One build fits in 400 kB; a second with a 600 kB page, or a 600 kB static file, does not.
    let script = format!(
        "set -e; mount -t tmpfs -o size=400k tmpfs {d}
         {b} build --root {r} --output {d}/public >/dev/null
         find {d}/public -type f | sort | xargs cat | cksum > {r}/_before
         mkdir -p {r}/static && head -c 600000 /dev/zero > {r}/static/big.bin
         {b} build --root {r} --output {d}/public 2> {r}/_static-err || true
         rm {r}/static/big.bin
         (printf -- '---\\ntitle: Huge\\n---\\n'; head -c 600000 /dev/zero | tr '\\0' 'a') > {r}/content/posts/huge.md
         {b} build --root {r} --output {d}/public 2> {r}/_page-err || true
         find {d}/public -type f | sort | xargs cat | cksum > {r}/_after
         ls -a {d}"
    );
    let Some(out) = in_namespace(&script) else {
        return;
    };
    let listing = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(read(root.join("_before")), read(root.join("_after")));
    for (name, file) in [
        ("_static-err", "big.bin"),
        ("_page-err", "posts/huge/index.html"),
    ] {
        let err = read(root.join(name));
        assert!(err.contains(&format!("{d}/public")), "{name}: {err}");
        assert!(
            err.contains(&format!("cannot write `{file}`")),
            "{name}: {err}"
        );
        assert!(err.contains("No space left on device"), "{name}: {err}");
        assert!(err.contains("previous output"), "{name}: {err}");
        assert!(
            !err.contains("static/big.bin:"),
            "{name} blames the source: {err}"
        );
    }
    assert!(
        !listing.contains("taper-tmp"),
        "staging left on the disk: {listing}"
    );
}

/// Waits for `path` to exist, up to `limit`.
fn wait_for(path: &Path, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if path.exists() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn serve_cleans_up_its_own_dead_staging_folders() {
    let root = big_site("serve-leftovers", 2);
    let dead = 4_194_305;
    write(
        &root,
        &format!(".taper/.serve.taper-tmp-{dead}/.taper-output"),
        "x",
    );
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("taper"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let ready = wait_for(
        &root.join(".taper/serve/index.html"),
        Duration::from_secs(60),
    );
    let _ = child.kill();
    let _ = child.wait();
    assert!(ready, "taper serve did not build");
    assert!(
        !root
            .join(format!(".taper/.serve.taper-tmp-{dead}"))
            .exists()
    );
}

/// Builds `root` with `templates/index.html` set to `template`; expects exit 1 within
/// `limit` and returns stderr. The previous output stays and no staging folder is left.
fn template_fails(name: &str, template: &str, limit: Duration) -> String {
    let root = big_site(name, 2);
    let out = root.join("public");
    build_into(&root, &out);
    let before = files(&out);
    write(&root, "templates/index.html", template);
    let started = Instant::now();
    let err = build_fails(&root);
    assert!(
        started.elapsed() < limit,
        "{name}: took {:?}",
        started.elapsed()
    );
    assert!(err.contains("templates/index.html"), "{name}: {err}");
    assert_eq!(files(&out), before, "{name}: the previous output changed");
    assert_eq!(leftovers(&out), Vec::<String>::new(), "{name}");
    err
}

#[test]
fn nested_loops_in_a_template_fail_within_seconds() {
    let err = template_fails(
        "nested-loops",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
        Duration::from_secs(8),
    );
    assert!(err.contains("templates/index.html:1:"), "{err}");
    assert!(
        err.contains("`range()` produced more than 1000000 elements"),
        "{err}"
    );
}

#[test]
fn a_component_that_calls_itself_three_times_per_level_is_stopped() {
    let err = template_fails(
        "recursion",
        "{% component rec(n) %}{% if n > 0 %}{{<rec n={n-1}/>}}{{<rec n={n-1}/>}}{{<rec n={n-1}/>}}{% endif %}{% endcomponent %}{{<rec n={19}/>}}",
        Duration::from_secs(20),
    );
    assert!(err.contains("has run for more than 10 s"), "{err}");
}

#[test]
fn a_page_that_grows_without_end_fails_on_its_size_or_time() {
    let err = template_fails(
        "growing",
        "{% for i in range(end=100000) %}{% for j in range(end=10) %}{{ \"x\" ~ i ~ j }}{% endfor %}{% endfor %}",
        Duration::from_secs(20),
    );
    assert!(err.contains("[template"), "{err}");
}

#[test]
fn circular_includes_name_the_template_and_the_line() {
    let root = big_site("circular", 1);
    write(&root, "templates/index.html", "{% include \"a.html\" %}\n");
    write(&root, "templates/a.html", "<p>\n{% include \"b.html\" %}\n");
    write(&root, "templates/b.html", "{% include \"a.html\" %}\n");
    let err = build_fails(&root);
    assert!(err.contains("templates/a.html:2:4"), "{err}");
    assert!(err.contains("a.html → b.html → a.html"), "{err}");
    write(&root, "templates/a.html", "{% extends \"b.html\" %}\n");
    write(&root, "templates/b.html", "\n{% extends \"a.html\" %}\n");
    write(&root, "templates/index.html", "{% extends \"a.html\" %}\n");
    let err = build_fails(&root);
    assert!(err.contains("extend each other in a circle"), "{err}");
    assert!(
        err.contains("templates/a.html:1:4") || err.contains("templates/b.html:2:4"),
        "{err}"
    );
}

#[test]
fn endless_component_recursion_names_the_template_and_the_component() {
    let root = big_site("component-depth", 1);
    write(
        &root,
        "templates/index.html",
        "<p>\n{% component rec(n) %}x{{<rec n={n+1}/>}}{% endcomponent %}\n{{<rec n={1}/>}}\n",
    );
    let err = build_fails(&root);
    assert!(err.contains("templates/index.html:2:1"), "{err}");
    assert!(err.contains("calls itself without end"), "{err}");
}
