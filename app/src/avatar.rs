//! Avatars drawn as SVG from a profile's id, the same text on the server and
//! in the browser: [`seed`] hashes the id (FNV-1a, 32 bit) and [`svg`] draws a
//! round 40x40 picture in an [`AvatarStyle`] with integer coordinates and
//! integer arithmetic only, so the markup is byte for byte identical everywhere.

use std::fmt::Write as _;

/// Background colours, dark enough for white text (WCAG contrast at least 4.5:1,
/// see the tests). Like hues sit side by side: patterns pick a distant second one.
pub const PALETTE: [&str; 10] = [
    "#1f5f99", "#155e75", "#0f766e", "#2f6b3a", "#374151", "#3730a3", "#7a3e9d", "#9d174d",
    "#9a3412", "#7c2d12",
];

/// Light colours: patterns over a palette colour, and the identicon background.
const LIGHT: &str = "#ffffff";
const PAPER: &str = "#f1f5f9";

/// How an avatar is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AvatarStyle {
    /// Up to two initials on a colour picked from the seed.
    #[default]
    Initials,
    /// Concentric rings.
    Rings,
    /// Symmetric 5x5 identicon grid, mirrored left/right.
    Blocks,
    /// Geometric triangle pattern.
    Triangles,
    /// Diagonal stripes.
    Stripes,
    /// Dot pattern.
    Dots,
}

impl AvatarStyle {
    /// Every style, in the order they are offered.
    pub const ALL: [AvatarStyle; 6] = {
        use AvatarStyle::{Blocks, Dots, Initials, Rings, Stripes, Triangles};
        [Initials, Rings, Blocks, Triangles, Stripes, Dots]
    };

    /// Stable code (as stored and passed in forms) and Fluent message id.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Self::Initials => ("initials", "avatar-style-initials"),
            Self::Rings => ("rings", "avatar-style-rings"),
            Self::Blocks => ("blocks", "avatar-style-blocks"),
            Self::Triangles => ("triangles", "avatar-style-triangles"),
            Self::Stripes => ("stripes", "avatar-style-stripes"),
            Self::Dots => ("dots", "avatar-style-dots"),
        }
    }

    /// Stable code, as stored and passed in forms.
    pub fn code(self) -> &'static str {
        self.names().0
    }

    /// The style with this code, if any.
    pub fn parse(code: &str) -> Option<AvatarStyle> {
        Self::ALL.into_iter().find(|style| style.code() == code)
    }

    /// Fluent message id of the style's name: `avatar-style-<code>`.
    pub fn message_id(self) -> &'static str {
        self.names().1
    }
}

/// FNV-1a 32-bit hash of the profile id's UTF-8 bytes (offset basis
/// 0x811C9DC5, prime 0x01000193). Stable across releases and platforms:
/// changing it would change every avatar.
pub fn seed(profile_id: &str) -> u32 {
    profile_id.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// Spreads the seed's bits so that close seeds give unrelated pictures.
fn mix(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

/// Escapes text for use in XML content and attribute values.
fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn rect(out: &mut String, (x, y): (i32, i32), (w, h): (u32, u32), fill: &str) {
    let _ = write!(
        out,
        r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"/>"#
    );
}

fn circle(out: &mut String, (cx, cy): (u32, u32), r: u32, fill: &str) {
    let _ = write!(
        out,
        r#"<circle cx="{cx}" cy="{cy}" r="{r}" fill="{fill}"/>"#
    );
}

/// A complete, round SVG avatar. `initials` is only drawn by
/// [`AvatarStyle::Initials`] (at most two characters, upper-cased, escaped);
/// the other styles are pure patterns that depend on `seed` only.
pub fn svg(style: AvatarStyle, seed: u32, initials: &str) -> String {
    // Deterministic bit source (xorshift32); `bits(n)` is a number in `0..n`.
    let mut state = mix(seed ^ 0x9e37_79b9).max(1);
    let mut bits = |n: u32| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state % n
    };
    let count = PALETTE.len() as u32;
    let bg_index = mix(seed) % count;
    let bg = PALETTE[bg_index as usize];
    let fg = PALETTE[((bg_index + 3 + bits(count - 5)) % count) as usize];
    // Round by CSS (`.avatar-svg { border-radius: 50% }`): no ids, so one page may show the
    // same avatar twice.
    let mut out =
        String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="40" height="40" class="avatar-svg" aria-hidden="true" focusable="false"><g>"#);
    let back = [bg, PAPER][usize::from(style == AvatarStyle::Blocks)];
    rect(&mut out, (0, 0), (40, 40), back);
    match style {
        AvatarStyle::Initials => {
            let text: String = initials
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .flat_map(char::to_uppercase)
                .take(2)
                .collect();
            if !text.is_empty() {
                let _ = write!(
                    out,
                    r#"<text x="20" y="20" fill="{LIGHT}" font-family="system-ui, sans-serif" font-size="16" font-weight="600" text-anchor="middle" dominant-baseline="central">{}</text>"#,
                    escape_xml(&text)
                );
            }
        }
        AvatarStyle::Rings => {
            let fills = [fg, LIGHT, bg];
            let mut radius = 19 - bits(3);
            let mut k = bits(2) as usize;
            while radius >= 3 {
                circle(&mut out, (20, 20), radius, fills[k % fills.len()]);
                k += 1;
                radius = radius.saturating_sub(2 + bits(4));
            }
        }
        AvatarStyle::Blocks => {
            // 15 bits for the 5 rows of the left half and the middle column.
            let cells = bits(1 << 15).max(1);
            for cell in 0..25u32 {
                let (row, col) = (cell / 5, cell % 5);
                if cells & (1 << (row * 3 + col.min(4 - col))) != 0 {
                    let (x, y) = (5 + col as i32 * 6, 5 + row as i32 * 6);
                    rect(&mut out, (x, y), (6, 6), bg);
                }
            }
        }
        AvatarStyle::Triangles => {
            for cell in 0..16u32 {
                let (x, y) = ((cell % 4) * 10, (cell / 4) * 10);
                let fill = [fg, LIGHT, bg][bits(3) as usize];
                let (x1, y1) = (x + 10, y + 10);
                let points = match bits(4) {
                    0 => format!("{x},{y} {x1},{y} {x},{y1}"),
                    1 => format!("{x},{y} {x1},{y} {x1},{y1}"),
                    2 => format!("{x1},{y} {x1},{y1} {x},{y1}"),
                    _ => format!("{x},{y} {x1},{y1} {x},{y1}"),
                };
                let _ = write!(out, r#"<polygon points="{points}" fill="{fill}"/>"#);
            }
        }
        AvatarStyle::Stripes => {
            let angle = [45, -45, 30, -30, 60, -60][bits(6) as usize];
            let (width, gap) = (3 + bits(4), 3 + bits(5));
            let _ = write!(out, r#"<g transform="rotate({angle} 20 20)">"#);
            let (step, start) = (width + gap, bits(width + gap) as i32 - 20);
            for k in 0..=80 / step {
                let x = start + (k * step) as i32;
                let fill = [fg, fg, LIGHT][k as usize % 3];
                rect(&mut out, (x, -20), (width, 80), fill);
            }
            out.push_str("</g>");
        }
        AvatarStyle::Dots => {
            for cell in 0..25u32 {
                let radius = bits(4);
                let fill = [LIGHT, fg, fg][bits(3) as usize];
                let centre = (4 + (cell % 5) * 8, 4 + (cell / 5) * 8);
                if radius > 0 {
                    circle(&mut out, centre, radius, fill);
                }
            }
        }
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn body(style: AvatarStyle, seed: u32) -> String {
        svg(style, seed, "AB")
    }

    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    #[test]
    fn styles_parse_back_from_their_code() {
        for style in AvatarStyle::ALL {
            assert_eq!(AvatarStyle::parse(style.code()), Some(style));
            assert_eq!(style.message_id(), format!("avatar-style-{}", style.code()));
        }
        assert_eq!(AvatarStyle::parse("nope"), None);
        assert_eq!(AvatarStyle::default(), AvatarStyle::Initials);
    }

    #[test]
    fn seed_is_fnv1a() {
        assert_eq!(seed("abc"), 0x1A47_E90B);
    }

    #[test]
    fn svg_is_deterministic_and_depends_on_seed_and_style() {
        let (a, b) = (seed("alice"), seed("bob"));
        for style in AvatarStyle::ALL {
            assert_eq!(svg(style, a, "AL"), svg(style, a, "AL"));
            assert_ne!(svg(style, a, "AL"), svg(style, b, "AL"));
            assert_ne!(body(style, 1), body(style, 2), "{style:?}");
            for other in AvatarStyle::ALL.into_iter().filter(|other| *other != style) {
                assert_ne!(body(style, a), body(other, a), "{style:?} {other:?}");
            }
            let bodies: HashSet<String> = (0..40).map(|s| body(style, s)).collect();
            let initials = style == AvatarStyle::Initials;
            let least = if initials { PALETTE.len() } else { 40 };
            assert!(bodies.len() >= least, "{style:?}: {}", bodies.len());
        }
    }

    #[test]
    fn initials_are_escaped_and_short() {
        let out = svg(AvatarStyle::Initials, 7, "<&>");
        assert!(!out.contains("<&"));
        assert!(out.contains(">&lt;&amp;</text>"));
        let out = svg(AvatarStyle::Initials, 7, "\"'");
        assert!(out.contains(">&quot;&apos;</text>"));
        assert!(svg(AvatarStyle::Initials, 7, "jd x").contains(">JD</text>"));
        assert!(!svg(AvatarStyle::Rings, 7, "JD").contains("<text"));
    }

    #[test]
    fn svg_is_complete_with_integer_coordinates() {
        for style in AvatarStyle::ALL {
            for s in [0, 1, u32::MAX, seed("dave")] {
                let out = svg(style, s, "DV");
                assert!(out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
                assert!(out.ends_with("</svg>"));
                assert!(out.contains("class=\"avatar-svg\""));
                assert!(!out.contains(" id="), "no ids: one page may show an avatar twice");
                assert!(!out.replace("www.w3.org", "").contains('.'), "{out}");
            }
        }
    }

    #[test]
    fn palette_contrast_with_white() {
        for hex in PALETTE {
            let ratio = (1.0 + 0.05) / (luminance(hex) + 0.05);
            assert!(ratio >= 4.5, "{hex}: {ratio:.2}");
        }
    }
}

/// An avatar on a page: the picture drawn for `style` and `seed`, decorative (the name is
/// always written beside it).
#[leptos::component]
pub fn Avatar(
    style: AvatarStyle,
    seed: u32,
    #[prop(into)] initials: String,
    #[prop(optional)] size: &'static str,
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let class = if size.is_empty() { "avatar".to_string() } else { format!("avatar avatar-{size}") };
    view! { <span class=class aria-hidden="true" inner_html=svg(style, seed, &initials)></span> }
}
