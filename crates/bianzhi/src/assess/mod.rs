//! Assessment scoring (绩效考核), `domain.md` §8.
