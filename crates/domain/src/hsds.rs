//! HSDS 3.0 mapping (being written).
