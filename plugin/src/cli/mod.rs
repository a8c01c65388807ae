//! The amfx command line.
