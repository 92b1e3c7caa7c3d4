//! Writes a dataset document as CSV files (English headers, UTF-8 with BOM), one per record
//! kind, or as one workbook (Chinese headers) when OUT ends in `.xlsx`, for the CSV and XLSX
//! benchmarks (`benches/run.sh`): `export_csv DATASET.json OUT_DIR|OUT.xlsx`.
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, out] = args.as_slice() else {
        return Err("usage: export_csv DATASET.json OUT_DIR|OUT.xlsx".into());
    };
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(input)?)?;
    if out.ends_with(".xlsx") {
        let bytes = bianzhi_tabular::write_document_xlsx(&doc, bianzhi_tabular::Headers::Chinese)?;
        std::fs::write(out, &bytes)?;
        println!("{out}: {} bytes", bytes.len());
        return Ok(());
    }
    std::fs::create_dir_all(out)?;
    let files = bianzhi_tabular::write_document_csv(
        &doc,
        bianzhi_tabular::Headers::English,
        bianzhi_tabular::Encoding::Utf8Bom,
    );
    for (name, bytes) in files {
        std::fs::write(Path::new(out).join(&name), &bytes)?;
        println!("{name}: {} bytes", bytes.len());
    }
    Ok(())
}
