//! `extra:` in front matter, plans and site.yaml: templates read it as `page.extra`,
//! `plan.extra`, `section.extra` and `site.extra`, and a template error about it says where
//! the data is written.

mod common;

use common::*;

const PLAN: &str = "title: Ten\nextra:\n  coach: Ana\nweeks:\n  - days: { mon: rest, tue: easy 5km, wed: rest, thu: easy 5km, fri: rest, sat: easy 5km, sun: long 10km }\n";

fn site(name: &str, article_template: &str) -> std::path::PathBuf {
    let root = scratch(name);
    write(
        &root,
        "site.yaml",
        "title: Extra\nextra:\n  strava_url: https://strava.example/coach\n  socials: [a, b]\n",
    );
    write(
        &root,
        "content/posts/a.md",
        "---\ntitle: A\nextra:\n  hero_image: /hero.jpg\n  toc: false\n  z: 1\n  a: 2\n---\nBody.\n",
    );
    write(
        &root,
        "content/posts/_index.md",
        "---\ntitle: Posts\nextra:\n  banner: Read these\n---\n",
    );
    write(&root, "content/plans/ten.yaml", PLAN);
    write(&root, "templates/article.html", article_template);
    write(
        &root,
        "templates/section.html",
        "{% extends \"base.html\" %}{% block content %}BANNER={{ section.extra.banner }}{% endblock %}",
    );
    write(
        &root,
        "templates/plan.html",
        "{% extends \"base.html\" %}{% block content %}COACH={{ plan.extra.coach }}{% endblock %}",
    );
    root
}

#[test]
fn templates_read_extra_everywhere() {
    let root = site(
        "reads",
        "{% extends \"base.html\" %}{% block content %}HERO={{ page.extra.hero_image }} TOC={{ page.extra.toc }} ORDER={% for k, v in page.extra %}{{ k }}{% endfor %} STRAVA={{ site.extra.strava_url }} N={{ site.extra.socials | length }}{% endblock %}",
    );
    let out = root.join("public");
    build_into(&root, &out);
    let page = read(out.join("posts/a/index.html"));
    assert!(
        page.contains(
            "HERO=/hero.jpg TOC=false ORDER=hero_imagetocza STRAVA=https://strava.example/coach N=2"
        ),
        "{page}"
    );
    assert!(read(out.join("posts/index.html")).contains("BANNER=Read these"));
    assert!(read(out.join("plans/ten/index.html")).contains("COACH=Ana"));
}

#[test]
fn a_template_error_about_extra_says_where_it_is_written() {
    let root = site(
        "error",
        "{% extends \"base.html\" %}{% block content %}{{ page.extra.subtitle }}{% endblock %}",
    );
    let err = build_fails(&root);
    assert!(err.contains("templates/article.html:1:"), "{err}");
    assert!(
        err.contains("`page.extra` is the `extra:` map at content/posts/a.md:3:1"),
        "{err}"
    );
    let root = site(
        "site-error",
        "{% extends \"base.html\" %}{% block content %}{{ site.extra.missing }}{% endblock %}",
    );
    let err = build_fails(&root);
    assert!(
        err.contains("`site.extra` is the `extra:` map at site.yaml:2:1"),
        "{err}"
    );
}

#[test]
fn unknown_keys_point_to_extra() {
    let root = site("unknown", &built_in("article.html"));
    write(
        &root,
        "content/posts/b.md",
        "---\ntitle: B\nhero_image: /b.jpg\n---\n",
    );
    let err = build_fails(&root);
    assert!(err.contains("content/posts/b.md:3:1"), "{err}");
    assert!(
        err.contains("put your own data for templates under `extra:`"),
        "{err}"
    );
}
