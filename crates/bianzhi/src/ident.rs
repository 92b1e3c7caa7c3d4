//! Identifiers: 身份证号 (GB 11643) and 统一社会信用代码 (GB 32100).
