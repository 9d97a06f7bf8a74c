//! Integration tests.

mod hjerson;
