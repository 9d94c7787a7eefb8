use super::*;

fn doc(title: &str, kind: Kind, tags: &[&str], text: &str) -> Document<'static> {
    Document {
        url: format!("/{}/", title.to_lowercase().replace(' ', "-")),
        title: title.into(),
        kind,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        plan: (kind == Kind::Plan).then(|| ("beginner".to_string(), 12)),
        text: vec![text.to_string().into()],
    }
}

fn file<'a>(files: &'a [IndexFile], path: &str) -> &'a str {
    let f = files.iter().find(|f| f.path == path);
    std::str::from_utf8(&f.unwrap_or_else(|| panic!("{path}")).bytes).unwrap()
}

fn json(files: &[IndexFile], path: &str) -> serde_json::Value {
    serde_json::from_str(file(files, path)).unwrap()
}

/// The postings of `term` as (id, score) pairs, read the way the browser reads them.
fn postings(files: &[IndexFile], term: &str) -> Vec<(u32, u32)> {
    let meta = json(files, "search/meta.json");
    let chunks: Vec<&str> = meta["chunks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let n = chunks.partition_point(|c| *c <= term).saturating_sub(1);
    let chunk = json(files, &format!("search/t/{n}.json"));
    let Some(text) = chunk[term].as_str() else {
        return Vec::new();
    };
    let numbers = encode::decode(text).unwrap();
    let mut id = 0;
    numbers
        .chunks(2)
        .map(|p| {
            id += p[0];
            (id, p[1])
        })
        .collect()
}

fn site() -> Vec<Document<'static>> {
    let filler = "easy running builds the engine slowly ".repeat(80);
    vec![
        doc(
            "Plan A",
            Kind::Plan,
            &["marathon"],
            "A plan with tempo runs",
        ),
        doc(
            "Rest days",
            Kind::Article,
            &["recovery", "rest"],
            &format!("{filler} and the ultimate word is zeitgeber"),
        ),
        doc("Guide page", Kind::Guide, &["rest"], "Recovery comes first"),
        doc("Tempo", Kind::Article, &[], "Tempo tempo tempo runs"),
    ]
}

#[test]
fn documents_are_numbered_kind_by_kind_and_stored_whole() {
    let files = index(&site(), Stemmer::English);
    let meta = json(&files, "search/meta.json");
    assert_eq!(meta["docs"], 4);
    assert_eq!(meta["stemmer"], "english");
    assert_eq!(meta["kinds"]["article"], serde_json::json!([0, 2]));
    assert_eq!(meta["kinds"]["guide"], serde_json::json!([2, 3]));
    assert_eq!(meta["kinds"]["plan"], serde_json::json!([3, 4]));
    let d = json(&files, "search/d/0.json");
    assert_eq!(d["title"], "Rest days");
    assert!(d["text"].as_str().unwrap().ends_with("zeitgeber"));
    let p = json(&files, "search/d/3.json");
    assert_eq!(
        (p["kind"].as_str(), p["level"].as_str()),
        (Some("plan"), Some("beginner"))
    );
    assert_eq!(p["weeks"], 12);
}

#[test]
fn a_word_past_the_three_hundredth_is_found_and_stems_are_shared() {
    let files = index(&site(), Stemmer::English);
    assert_eq!(postings(&files, "zeitgeb").len(), 1);
    // Recovery (text of the guide page, tag of the article): one term for both.
    let ids: Vec<u32> = postings(&files, "recoveri").iter().map(|p| p.0).collect();
    assert_eq!(ids, [0, 2]);
    assert!(postings(&files, "recovery").is_empty(), "terms are stems");
}

#[test]
fn bm25_ranks_repeats_and_titles_above_a_passing_mention() {
    let files = index(&site(), Stemmer::English);
    let tempo = postings(&files, "tempo");
    let score = |id| tempo.iter().find(|p| p.0 == id).unwrap().1;
    // Article "Tempo" (id 1): title and three times in the text; plan (id 3): once.
    assert!(score(1) > score(3), "{tempo:?}");
}

#[test]
fn tags_list_their_documents() {
    let files = index(&site(), Stemmer::English);
    let meta = json(&files, "search/meta.json");
    assert_eq!(
        meta["tags"],
        serde_json::json!([["marathon", 1], ["recovery", 1], ["rest", 2]])
    );
    let rest = json(&files, "search/g/2.json");
    assert_eq!(encode::decode(rest.as_str().unwrap()), Some(vec![0, 2]));
}

#[test]
fn many_terms_are_cut_into_chunks_each_starting_where_meta_says() {
    let text: String = (0..20_000).map(|i| format!("w{i} ")).collect();
    let files = index(&[doc("Big", Kind::Article, &[], &text)], Stemmer::None);
    let meta = json(&files, "search/meta.json");
    let chunks = meta["chunks"].as_array().unwrap();
    assert!(chunks.len() > 2, "{}", chunks.len());
    for (n, first) in chunks.iter().enumerate() {
        let c = file(&files, &format!("search/t/{n}.json"));
        assert!(c.len() < CHUNK_BYTES + 100, "chunk {n}: {}", c.len());
        let c: serde_json::Map<String, serde_json::Value> = serde_json::from_str(c).unwrap();
        assert_eq!(c.keys().next().map(String::as_str), first.as_str());
    }
    assert_eq!(postings(&files, "w19999").len(), 1);
}

#[test]
fn the_index_is_the_same_bytes_every_time() {
    let docs: Vec<Document> = (0..300)
        .map(|i| {
            doc(
                &format!("Post {i}"),
                Kind::Article,
                &["t"],
                &format!("easy run {i} recovery"),
            )
        })
        .collect();
    assert_eq!(
        index(&docs, Stemmer::English),
        index(&docs, Stemmer::English)
    );
}

#[test]
fn without_a_stemmer_terms_are_whole_words() {
    let files = index(&site(), Stemmer::None);
    assert_eq!(
        json(&files, "search/meta.json")["stemmer"],
        serde_json::Value::Null
    );
    assert_eq!(postings(&files, "recovery").len(), 2);
}
