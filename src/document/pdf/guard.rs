//! Bounds on a PDF before it is decoded. A PDF is a file anyone can write: a small stream
//! may inflate to gigabytes, the page tree may point back at itself, a form may draw
//! itself, and ten thousand empty pages cost a reader more than they are worth. Each is
//! found here and refused with a finding, before lopdf or `pdf_extract` follow any of it.

use std::collections::HashSet;
use std::io::Read;

use pdf_extract::{Dictionary, Object, ObjectId};

use crate::config::Limits;
use crate::document::DocumentError;

/// Objects allowed per page of the page limit (and at least [`MIN_OBJECTS`]).
const OBJECTS_PER_PAGE: usize = 500;
const MIN_OBJECTS: usize = 100_000;
/// References followed to reach an object (a reference to a reference…).
const MAX_HOPS: usize = 16;
/// Forms nested in forms.
const MAX_FORM_DEPTH: usize = 32;

/// Inflates every compressed stream of the file into nothing, counting, and stops as soon
/// as the total passes `[limits] max_unzipped_mb` (declared lengths are not trusted: each
/// stream is found by its `stream` keyword and inflated until it ends or fails).
pub fn check_streams(bytes: &[u8], limits: &Limits) -> Result<(), DocumentError> {
    let budget = limits.max_unzipped_bytes;
    let mut total: u64 = 0;
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], b"stream") {
        let start = at + found + b"stream".len();
        at = start;
        let data = match bytes.get(start..) {
            Some([b'\r', b'\n', rest @ ..]) | Some([b'\n', rest @ ..]) => rest,
            _ => continue,
        };
        let inflated = inflated_size(data, budget - total + 1);
        total = total.saturating_add(inflated);
        if total > budget {
            return Err(DocumentError::Inflates {
                member: format!("ストリーム（{} バイト目）", start),
                limit: budget,
            });
        }
    }
    Ok(())
}

/// The bytes `data` inflates to as zlib data, counted up to `cap`: a stream that is not
/// zlib data, or breaks off, counts what it gave before it failed (nothing is kept).
fn inflated_size(data: &[u8], cap: u64) -> u64 {
    let mut decoder = flate2::read::ZlibDecoder::new(data).take(cap);
    let mut buf = [0u8; 64 * 1024];
    let mut total = 0u64;
    while let Ok(n) = decoder.read(&mut buf) {
        if n == 0 {
            break;
        }
        total += n as u64;
    }
    total
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The object count, the page tree (loops, number of pages) and the forms pages draw
/// (loops, depth).
pub fn check_structure(doc: &pdf_extract::Document, limits: &Limits) -> Result<(), DocumentError> {
    let max_objects = (limits.max_pages.saturating_mul(OBJECTS_PER_PAGE)).max(MIN_OBJECTS);
    if doc.objects.len() > max_objects {
        return Err(DocumentError::TooManyObjects {
            objects: doc.objects.len(),
            limit: max_objects,
        });
    }
    let root = doc
        .trailer
        .get(b"Root")
        .ok()
        .and_then(|o| resolve(doc, o))
        .and_then(|o| o.as_dict().ok())
        .ok_or_else(|| structure("trailer", "文書の目録（Root）がありません"))?;
    let pages = root
        .get(b"Pages")
        .ok()
        .and_then(|o| o.as_reference().ok())
        .ok_or_else(|| structure("Root", "ページの一覧（Pages）がありません"))?;
    for page in page_leaves(doc, pages, limits)? {
        check_forms(doc, page)?;
    }
    Ok(())
}

/// The page objects, walking the tree without recursion; a node met twice is a loop.
fn page_leaves(
    doc: &pdf_extract::Document,
    root: ObjectId,
    limits: &Limits,
) -> Result<Vec<ObjectId>, DocumentError> {
    let mut seen = HashSet::new();
    let mut stack = vec![root];
    let mut leaves = Vec::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            return Err(structure(
                &object_location(id),
                "ページの一覧が自分自身を参照しています（参照のループ）",
            ));
        }
        let Some(dict) = doc.get_object(id).ok().and_then(|o| o.as_dict().ok()) else {
            continue;
        };
        match dict.get(b"Kids").ok().and_then(|k| k.as_array().ok()) {
            Some(kids) => {
                for kid in kids.iter().rev() {
                    if let Ok(kid) = kid.as_reference() {
                        stack.push(kid);
                    }
                }
            }
            None => {
                leaves.push(id);
                if leaves.len() > limits.max_pages {
                    return Err(DocumentError::TooManyPages {
                        pages: leaves.len(),
                        limit: limits.max_pages,
                    });
                }
            }
        }
    }
    Ok(leaves)
}

/// The forms (XObjects) a page draws, and the forms they draw: a form that draws itself,
/// directly or through others, or nesting past [`MAX_FORM_DEPTH`], is refused.
fn check_forms(doc: &pdf_extract::Document, page: ObjectId) -> Result<(), DocumentError> {
    let Some(dict) = doc.get_object(page).ok().and_then(|o| o.as_dict().ok()) else {
        return Ok(());
    };
    // (form, depth, path of forms above it)
    let mut stack: Vec<(ObjectId, Vec<ObjectId>)> = forms_of(doc, dict)
        .into_iter()
        .map(|f| (f, Vec::new()))
        .collect();
    let mut visits = 0usize;
    while let Some((form, path)) = stack.pop() {
        visits += 1;
        if path.contains(&form) || path.len() > MAX_FORM_DEPTH || visits > 100_000 {
            return Err(structure(
                &object_location(form),
                "図形（XObject）が自分自身を描いています（参照のループ）",
            ));
        }
        let Some(Object::Stream(stream)) = doc.get_object(form).ok() else {
            continue;
        };
        let mut below = path.clone();
        below.push(form);
        for inner in forms_of(doc, &stream.dict) {
            stack.push((inner, below.clone()));
        }
    }
    Ok(())
}

/// The XObjects named in a dictionary's resources.
fn forms_of(doc: &pdf_extract::Document, dict: &Dictionary) -> Vec<ObjectId> {
    let Some(resources) = dict
        .get(b"Resources")
        .ok()
        .and_then(|o| resolve(doc, o))
        .and_then(|o| o.as_dict().ok())
    else {
        return Vec::new();
    };
    let Some(xobjects) = resources
        .get(b"XObject")
        .ok()
        .and_then(|o| resolve(doc, o))
        .and_then(|o| o.as_dict().ok())
    else {
        return Vec::new();
    };
    xobjects
        .iter()
        .filter_map(|(_, o)| o.as_reference().ok())
        .collect()
}

fn structure(location: &str, message: &str) -> DocumentError {
    DocumentError::PdfStructure {
        location: location.to_string(),
        message: message.to_string(),
    }
}

fn object_location(id: ObjectId) -> String {
    format!("オブジェクト {} {} R", id.0, id.1)
}

/// An object, following references (a bounded number of them).
fn resolve<'a>(doc: &'a pdf_extract::Document, mut obj: &'a Object) -> Option<&'a Object> {
    for _ in 0..MAX_HOPS {
        match obj {
            Object::Reference(id) => obj = doc.objects.get(id)?,
            other => return Some(other),
        }
    }
    None
}
