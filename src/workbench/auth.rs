//! Who may use the 工作台: whoever holds the secret printed on the terminal. The secret is
//! exchanged once for a session cookie (HttpOnly, SameSite=Strict); every change is a POST from
//! the 工作台's own origin carrying the session's token (`csrf`), so that another web page open
//! in the same browser cannot post to it.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Body;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;

use super::page;

const COOKIE: &str = "sunshine_workbench";
/// Sessions kept at most (each browser that opened the URL has one); the oldest goes first.
const MAX_SESSIONS: usize = 16;
/// The largest form of fields (not an upload) read.
const MAX_FORM: usize = 64 * 1024;

/// 128 random bits as hex, from the system's generator.
pub(super) fn random_token() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No system randomness: a token nobody can guess is impossible, so none will match.
        return String::new();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Equal, in a time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && !a.is_empty() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// One browser's session: its cookie value and its token for forms.
#[derive(Clone)]
pub(crate) struct Session {
    pub id: String,
    pub csrf: String,
}

pub(super) struct Auth {
    key: String,
    sessions: Mutex<Vec<Session>>,
}

impl Auth {
    pub(super) fn new(key: String) -> Self {
        Auth {
            key,
            sessions: Mutex::new(Vec::new()),
        }
    }

    /// The Set-Cookie value of a new session when `key` is the secret.
    pub(super) fn login(&self, key: &str) -> Option<String> {
        if !same(key, &self.key) {
            return None;
        }
        let session = Session {
            id: random_token(),
            csrf: random_token(),
        };
        if session.id.is_empty() {
            return None;
        }
        let cookie = format!(
            "{COOKIE}={}; Path={}/; HttpOnly; SameSite=Strict",
            session.id,
            super::PREFIX
        );
        let mut sessions = self.sessions.lock().ok()?;
        if sessions.len() >= MAX_SESSIONS {
            sessions.remove(0);
        }
        sessions.push(session);
        Some(cookie)
    }

    /// The session whose cookie the request carries.
    pub(super) fn session(&self, headers: &HeaderMap) -> Option<Session> {
        let id = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(name, _)| *name == COOKIE)
            .map(|(_, value)| value.to_string())?;
        let sessions = self.sessions.lock().ok()?;
        sessions.iter().find(|s| same(&s.id, &id)).cloned()
    }
}

/// Whether a POST comes from the 工作台's own pages: its Host is this computer (a name another
/// site could point here, DNS rebinding, is refused) and its Origin (or, without one, its
/// Referer) is the same address.
pub(super) fn same_origin(headers: &HeaderMap) -> Result<(), String> {
    let get = |name| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let host = get(header::HOST);
    let hostname = host.rsplit_once(':').map_or(host, |(h, _)| h);
    if !matches!(hostname, "127.0.0.1" | "localhost" | "[::1]") {
        return Err(format!("请求的地址 {host} 不是本机，工作台不接受"));
    }
    let ours = format!("http://{host}");
    let origin = get(header::ORIGIN);
    let referer = get(header::REFERER);
    let fine = if origin.is_empty() {
        referer.starts_with(&format!("{ours}/"))
    } else {
        origin == ours
    };
    if fine {
        Ok(())
    } else {
        Err("这个提交来自别的网页（来源不是工作台），没有执行".into())
    }
}

/// True when the request says a body follows.
pub(super) fn has_body(headers: &HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get_all(header::CONTENT_LENGTH)
            .iter()
            .any(|v| v.to_str().map_or(true, |v| v.trim() != "0"))
}

/// Reads at most `limit` bytes of body: a body said (or found) to be longer is refused, and the
/// connection closed, before more of it is read.
pub(super) async fn read_body(headers: &HeaderMap, body: Body, limit: usize, what: &str) -> Result<Vec<u8>, Response> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(page::too_large(what));
    }
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => Ok(bytes.to_vec()),
        Err(_) => Err(page::too_large(what)),
    }
}

/// The fields of a posted form (application/x-www-form-urlencoded), once its token is checked.
pub(super) async fn read_form(
    headers: &HeaderMap,
    body: Body,
    session: &Session,
) -> Result<HashMap<String, String>, Response> {
    let bytes = read_body(headers, body, MAX_FORM, "表单内容太长").await?;
    let fields: HashMap<String, String> = form_urlencoded::parse(&bytes).into_owned().collect();
    check_token(&fields, session)?;
    Ok(fields)
}

/// Refused unless `fields` carry the session's token.
pub(super) fn check_token(fields: &HashMap<String, String>, session: &Session) -> Result<(), Response> {
    match fields.get("csrf") {
        Some(token) if same(token, &session.csrf) => Ok(()),
        _ => Err(page::refusal(
            StatusCode::FORBIDDEN,
            "表单已过期或不是从工作台提交的，没有执行",
            "回到工作台页面，重新提交一次",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &b));
        assert!(!same("", ""));
    }

    #[test]
    fn only_this_computers_own_pages_may_post() {
        let headers = |pairs: &[(&'static str, &str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.insert(*k, v.parse().unwrap());
            }
            h
        };
        let ok = headers(&[("host", "127.0.0.1:8000"), ("origin", "http://127.0.0.1:8000")]);
        assert!(same_origin(&ok).is_ok());
        let referer = headers(&[
            ("host", "localhost:8000"),
            ("referer", "http://localhost:8000/_workbench/"),
        ]);
        assert!(same_origin(&referer).is_ok());
        for bad in [
            headers(&[("host", "127.0.0.1:8000"), ("origin", "http://evil.example")]),
            headers(&[("host", "127.0.0.1:8000")]),
            headers(&[("host", "evil.example:8000"), ("origin", "http://evil.example:8000")]),
            headers(&[
                ("host", "127.0.0.1:8000"),
                ("referer", "http://127.0.0.1:8000.evil.example/"),
            ]),
        ] {
            assert!(same_origin(&bad).is_err(), "{bad:?}");
        }
    }
}
