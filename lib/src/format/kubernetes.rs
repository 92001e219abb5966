//! Kubernetes objects: what every format whose job is a Kubernetes object
//! shares (ACK manifests, the metio/k8s Terraform manifest).

/// Whether the text is a Kubernetes object: `apiVersion` and `kind` keys.
pub fn looks_like_object(text: &str) -> bool {
    super::registry::is_key(text, "apiVersion") && super::registry::is_key(text, "kind")
}
