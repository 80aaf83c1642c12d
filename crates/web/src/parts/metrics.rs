//! The counters, gauges and histograms served at `/metrics` (Prometheus text, on a listener
//! of its own: `--metrics-listen`). Counts and durations only: a label is a route template
//! (`/{lang}/followup`, never the path asked for), a method or a status class, so no receipt,
//! id, name, category of a case or text can reach a scrape.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::atomic::AtomicU64;

/// The labels of a request: all from fixed sets (see [`Metrics::observe_request`]).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: &'static str,
    /// The route template the request matched, or `(unmatched)`.
    pub route: String,
    /// `2xx`, `3xx`, `4xx` or `5xx`.
    pub status: &'static str,
}

type Latency = Family<RequestLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

pub struct Metrics {
    registry: Registry,
    pub reports_received: Counter,
    pub requests: Latency,
    pub chat_waiting: Gauge,
    pub chat_longest_wait_seconds: Gauge<f64, AtomicU64>,
    pub mail_backlog: Gauge,
    pub matcher_hashes: Gauge,
    /// 1 when the counts read from the database at the last scrape were read, 0 when the
    /// database failed (the gauges then keep their previous values).
    pub database_up: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("zeri");
        let reports_received = Counter::default();
        registry.register(
            "reports_received",
            "Reports committed by this instance since it started (web, API and phone)",
            reports_received.clone(),
        );
        let requests: Latency = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by route template, method and status class",
            requests.clone(),
        );
        let chat_waiting = Gauge::default();
        registry.register("chat_queue_length", "Chats waiting for a professional", chat_waiting.clone());
        let chat_longest_wait_seconds = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "chat_queue_longest_wait_seconds",
            "How long the chat waiting longest has waited (0 when none waits)",
            chat_longest_wait_seconds.clone(),
        );
        let mail_backlog = Gauge::default();
        registry.register(
            "notification_mail_backlog",
            "Notifications neither read nor e-mailed yet",
            mail_backlog.clone(),
        );
        let matcher_hashes = Gauge::default();
        registry.register(
            "matcher_hashes",
            "PDQ hashes in this instance's matcher (hash lists and earlier evidence)",
            matcher_hashes.clone(),
        );
        let database_up = Gauge::default();
        registry.register(
            "metrics_database_up",
            "1 when the counts from the database could be read at this scrape",
            database_up.clone(),
        );
        Self {
            registry,
            reports_received,
            requests,
            chat_waiting,
            chat_longest_wait_seconds,
            mail_backlog,
            matcher_hashes,
            database_up,
        }
    }
}

/// The methods named in labels; any other is `other` (a client chooses the method, so it
/// must not choose a label).
pub fn method_label(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

pub fn status_class(status: u16) -> &'static str {
    match status {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// Pages are routed once per language (`/sq/followup`, `/en/followup`): one series for
/// both, as `/{lang}/followup`.
fn template(route: &str) -> String {
    for lang in ["/sq", "/en"] {
        if let Some(rest) = route.strip_prefix(lang) {
            if rest.is_empty() || rest.starts_with('/') {
                return format!("/{{lang}}{rest}");
            }
        }
    }
    route.to_owned()
}

impl Metrics {
    /// Records one answered request. `route` must be a route template (axum's
    /// `MatchedPath`) or `None` for a request no route matched.
    pub fn observe_request(&self, method: &str, route: Option<&str>, status: u16, seconds: f64) {
        let labels = RequestLabels {
            method: method_label(method),
            route: route.map(template).unwrap_or_else(|| "(unmatched)".to_owned()),
            status: status_class(status),
        };
        self.requests.get_or_create(&labels).observe(seconds);
    }

    /// The Prometheus text exposition of everything registered.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_fixed_sets() {
        let m = Metrics::default();
        m.observe_request("BREW", None, 418, 0.01);
        m.observe_request("GET", Some("/en/followup"), 200, 0.002);
        m.observe_request("GET", Some("/sq/followup"), 200, 0.002);
        m.observe_request("GET", Some("/sq"), 200, 0.002);
        m.observe_request("GET", Some("/sqlite-ish/{id}"), 200, 0.002);
        let text = m.encode();
        assert!(text.contains("method=\"other\""), "{text}");
        assert!(!text.contains("BREW"));
        assert!(text.contains("route=\"(unmatched)\"") && text.contains("status=\"4xx\""), "{text}");
        assert!(
            text.contains(
                "zeri_http_request_duration_seconds_count{method=\"GET\",route=\"/{lang}/followup\",status=\"2xx\"} 2"
            ),
            "{text}"
        );
        assert!(text.contains("route=\"/{lang}\""), "{text}");
        assert!(text.contains("route=\"/sqlite-ish/{id}\""), "{text}");
        assert!(text.contains("zeri_reports_received_total 0"), "{text}");
    }
}
