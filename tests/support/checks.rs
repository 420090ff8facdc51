//! Property checks shared by the property, corpus and differential tests.
