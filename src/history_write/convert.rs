//! Converting history between formats (stub).
