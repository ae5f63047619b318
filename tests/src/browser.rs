//! A browser without JavaScript, for the tests of the pages: it keeps cookies, does not follow
//! redirects (so tests see them), and reads hidden fields out of the HTML it gets.

use crate::TestApp;
use std::collections::BTreeMap;

pub struct Browser<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    pub cookies: BTreeMap<String, String>,
    pub language: Option<&'static str>,
}

pub struct Page {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub html: String,
}

impl Page {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// The value of the first `<input … name="NAME" … value="…">`.
    pub fn input(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\"");
        self.html
            .split('<')
            .filter(|tag| tag.starts_with("input") && tag.contains(&marker))
            .find_map(|tag| tag.split("value=\"").nth(1).and_then(|v| v.split('"').next()))
            .map(|v| v.replace("&#34;", "\"").replace("&amp;", "&"))
            .unwrap_or_default()
    }

    /// The text of the element with this id, tags stripped.
    pub fn text_of(&self, id: &str) -> String {
        let marker = format!("id=\"{id}\"");
        let Some(start) = self.html.find(&marker) else { return String::new() };
        let rest = &self.html[start..];
        let inner = rest.split_once('>').map(|(_, r)| r).unwrap_or("");
        let mut out = String::new();
        let mut in_tag = false;
        let mut depth = 0i32;
        for (i, c) in inner.char_indices() {
            if c == '<' {
                in_tag = true;
                if inner[i..].starts_with("</") {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                } else if !inner[i..].starts_with("<br") && !inner[i..].starts_with("<input") {
                    depth += 1;
                }
            } else if c == '>' {
                in_tag = false;
            } else if !in_tag {
                out.push(c);
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

impl<'a> Browser<'a> {
    /// A browser signed in as this staff member (whose password is the tests' `PASSWORD`).
    pub async fn sign_in(app: &'a TestApp, email: &str) -> Self {
        let mut browser = Self::new(app);
        let csrf = browser.get("/signin").await.input("csrf");
        let signed =
            browser.post("/signin", &[("csrf", &csrf), ("email", email), ("password", crate::staff::PASSWORD)]).await;
        assert_eq!(signed.status, 303, "{}", signed.html);
        browser
    }

    #[allow(clippy::panic, reason = "a client that cannot be built fails the test")]
    pub fn new(app: &'a TestApp) -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"));
        Self { app, client, cookies: BTreeMap::new(), language: None }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    #[allow(clippy::panic, reason = "a request that gets no answer fails the test that sent it")]
    async fn finish(&mut self, request: reqwest::RequestBuilder) -> Page {
        let mut request = request.header("Cookie", self.cookie_header());
        if let Some(lang) = self.language {
            request = request.header("Accept-Language", lang);
        }
        let response = request.send().await.unwrap_or_else(|e| panic!("request: {e}"));
        for value in response.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap_or_default();
            let pair = text.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                let removed = text.contains("Max-Age=0") || value.is_empty();
                if removed {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_owned(), value.to_owned());
                }
            }
        }
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let html = response.text().await.unwrap_or_default();
        Page { status, headers, html }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let request = self.client.get(self.app.url(path));
        self.finish(request).await
    }

    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let request =
            self.client.post(self.app.url(path)).header("Content-Type", "application/x-www-form-urlencoded").body(body);
        self.finish(request).await
    }

    pub async fn post_multipart(&mut self, path: &str, form: reqwest::multipart::Form) -> Page {
        let request = self.client.post(self.app.url(path)).multipart(form);
        self.finish(request).await
    }
}
