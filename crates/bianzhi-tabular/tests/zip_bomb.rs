//! A workbook that unzips to far more than it weighs is refused before anything is unzipped;
//! real workbooks are not.

use std::io::{Cursor, Write};

use bianzhi_tabular::{read_path, read_workbook_bytes, ReadOptions, TabularError};

/// An xlsx-shaped zip whose one sheet is `mb` MiB of spaces (deflate: ≈ 1 000×).
fn bomb(mb: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("[Content_Types].xml", opts).unwrap();
    w.write_all(b"<Types/>").unwrap();
    w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..mb {
        w.write_all(&chunk).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn a_zip_bomb_is_refused_with_its_sizes() {
    let bytes = bomb(80);
    assert!(
        bytes.len() < 1 << 20,
        "the bomb weighs {} bytes",
        bytes.len()
    );
    let e = read_workbook_bytes("bomb.xlsx", &bytes, &ReadOptions::default()).unwrap_err();
    match &e {
        TabularError::Workbook { file, message } => {
            assert_eq!(file, "bomb.xlsx");
            assert!(
                message.contains(&format!("{} bytes", 80u64 << 20 | 8)),
                "{message}"
            );
            assert!(message.contains("zip bomb"), "{message}");
        }
        other => panic!("expected a workbook error, got {other:?}"),
    }

    let dir = std::env::temp_dir().join(format!("bianzhi-bomb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bomb.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let e = read_path(&path, &ReadOptions::default()).unwrap_err();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        matches!(&e, TabularError::Workbook { message, .. } if message.contains("zip bomb")),
        "{e:?}"
    );
}

#[test]
fn a_small_well_compressed_file_is_not_a_bomb() {
    // 8 MiB of spaces is over 200× its size but under the 64 MiB floor: calamine reads it
    // (and fails for its own reason: the zip is no workbook).
    let e = read_workbook_bytes("small.xlsx", &bomb(8), &ReadOptions::default()).unwrap_err();
    assert!(
        matches!(&e, TabularError::Workbook { message, .. } if !message.contains("zip bomb")),
        "{e:?}"
    );
}

#[test]
fn the_template_workbook_still_reads() {
    let bytes = bianzhi_tabular::template_bytes().unwrap();
    let out = read_workbook_bytes("模板.xlsx", &bytes, &ReadOptions::default()).unwrap();
    assert!(out.dataset.units().is_empty());
}
