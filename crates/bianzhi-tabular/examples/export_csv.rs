//! Writes a dataset document as CSV files (English headers, UTF-8), one per record kind, for
//! the CSV benchmarks: `export_csv DATASET.json OUT_DIR`.
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, out] = args.as_slice() else {
        return Err("usage: export_csv DATASET.json OUT_DIR".into());
    };
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(input)?)?;
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
