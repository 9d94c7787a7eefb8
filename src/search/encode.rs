//! Postings as text: numbers as variable-length groups of characters of a 64-character
//! alphabet that JSON needs no escapes for. Each character carries 5 bits of the number and
//! says whether more follow (`A`..`Z`, `a`..`f`: last character, values 0–31; `g`..`z`,
//! `0`..`9`, `-`, `_`: more follow), low bits first. A posting list is, for each document in
//! increasing id order, the difference from the previous id (the first from 0) and the
//! document's score; a tag's list is the id differences alone. About 3 bytes a posting,
//! against about 8 as a JSON array.

/// The 64 characters: the first 32 end a number, the last 32 continue it.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `n` to `out`.
pub(crate) fn number(mut n: u32, out: &mut String) {
    loop {
        let low = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(ALPHABET[low] as char);
            return;
        }
        out.push(ALPHABET[32 + low] as char);
    }
}

/// `(id, score)` pairs, ids increasing.
pub(crate) fn postings(list: &[(u32, u32)]) -> String {
    let mut out = String::with_capacity(list.len() * 3);
    let mut last = 0;
    for &(id, score) in list {
        number(id - last, &mut out);
        number(score, &mut out);
        last = id;
    }
    out
}

/// Increasing ids.
pub(crate) fn ids(list: &[u32]) -> String {
    let mut out = String::with_capacity(list.len() * 2);
    let mut last = 0;
    for &id in list {
        number(id - last, &mut out);
        last = id;
    }
    out
}

/// The numbers of `text` (what the browser's script does).
#[cfg(test)]
pub(crate) fn decode(text: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let (mut n, mut shift) = (0u32, 0u32);
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        n |= (v & 31).checked_shl(shift)?;
        if v < 32 {
            out.push(n);
            (n, shift) = (0, 0);
        } else {
            shift += 5;
        }
    }
    (shift == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_small_ones_take_one_character() {
        for n in [0, 1, 31, 32, 1023, 1024, 99_999, u32::MAX] {
            let mut s = String::new();
            number(n, &mut s);
            assert_eq!(decode(&s), Some(vec![n]), "{n} as {s}");
        }
        let mut s = String::new();
        number(31, &mut s);
        assert_eq!(s, "f");
        s.clear();
        number(32, &mut s);
        assert_eq!(s, "gB");
    }

    #[test]
    fn postings_are_id_differences_and_scores() {
        let text = postings(&[(3, 7), (4, 40), (100, 1)]);
        assert_eq!(decode(&text), Some(vec![3, 7, 1, 40, 96, 1]));
        assert_eq!(decode(&ids(&[2, 5, 6])), Some(vec![2, 3, 1]));
    }
}
