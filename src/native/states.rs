//! The tokenizer states, named and linked as in the WHATWG standard
//! (<https://html.spec.whatwg.org/multipage/parsing.html#tokenization>).
//!
//! Every state the standard defines is here except the *ambiguous ampersand
//! state*, which this tokenizer folds into the character reference's return
//! state: after an unknown `&name`, the ambiguous ampersand state only passes
//! ASCII alphanumerics (and a `;`) through unchanged, which is exactly what
//! the data, RCDATA and attribute value states do with them (see
//! [`char_ref`](super::char_ref)).
//!
//! The state is the *only* thing the machine needs to resume reading in the
//! middle of a token; the buffers it uses are listed on
//! [`Machine`](super::machine::Machine).

/// A tokenizer state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    /// <https://html.spec.whatwg.org/multipage/parsing.html#data-state>
    Data,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#rcdata-state>
    Rcdata,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#rawtext-state>
    Rawtext,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-state>
    ScriptData,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#plaintext-state>
    Plaintext,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#tag-open-state>
    TagOpen,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#end-tag-open-state>
    EndTagOpen,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#tag-name-state>
    TagName,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#rcdata-less-than-sign-state>
    RcdataLessThanSign,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#rcdata-end-tag-open-state>
    RcdataEndTagOpen,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#rcdata-end-tag-name-state>
    RcdataEndTagName,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#rawtext-less-than-sign-state>
    RawtextLessThanSign,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#rawtext-end-tag-open-state>
    RawtextEndTagOpen,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#rawtext-end-tag-name-state>
    RawtextEndTagName,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-less-than-sign-state>
    ScriptDataLessThanSign,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-end-tag-open-state>
    ScriptDataEndTagOpen,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-end-tag-name-state>
    ScriptDataEndTagName,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-escape-start-state>
    ScriptDataEscapeStart,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-escape-start-dash-state>
    ScriptDataEscapeStartDash,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-escaped-state>
    ScriptDataEscaped,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-escaped-dash-state>
    ScriptDataEscapedDash,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-escaped-dash-dash-state>
    ScriptDataEscapedDashDash,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-escaped-less-than-sign-state>
    ScriptDataEscapedLessThanSign,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-escaped-end-tag-open-state>
    ScriptDataEscapedEndTagOpen,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-escaped-end-tag-name-state>
    ScriptDataEscapedEndTagName,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-double-escape-start-state>
    ScriptDataDoubleEscapeStart,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-double-escaped-state>
    ScriptDataDoubleEscaped,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-double-escaped-dash-state>
    ScriptDataDoubleEscapedDash,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-double-escaped-dash-dash-state>
    ScriptDataDoubleEscapedDashDash,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-double-escaped-less-than-sign-state>
    ScriptDataDoubleEscapedLessThanSign,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#script-data-double-escape-end-state>
    ScriptDataDoubleEscapeEnd,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#before-attribute-name-state>
    BeforeAttributeName,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#attribute-name-state>
    AttributeName,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#after-attribute-name-state>
    AfterAttributeName,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#before-attribute-value-state>
    BeforeAttributeValue,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#attribute-value-(double-quoted)-state>
    AttributeValueDoubleQuoted,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#attribute-value-(single-quoted)-state>
    AttributeValueSingleQuoted,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#attribute-value-(unquoted)-state>
    AttributeValueUnquoted,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#after-attribute-value-(quoted)-state>
    AfterAttributeValueQuoted,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#self-closing-start-tag-state>
    SelfClosingStartTag,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#bogus-comment-state>
    BogusComment,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#markup-declaration-open-state>
    MarkupDeclarationOpen,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#comment-start-state>
    CommentStart,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#comment-start-dash-state>
    CommentStartDash,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#comment-state>
    Comment,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#comment-less-than-sign-state>
    CommentLessThanSign,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#comment-less-than-sign-bang-state>
    CommentLessThanSignBang,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#comment-less-than-sign-bang-dash-state>
    CommentLessThanSignBangDash,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#comment-less-than-sign-bang-dash-dash-state>
    CommentLessThanSignBangDashDash,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#comment-end-dash-state>
    CommentEndDash,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#comment-end-state>
    CommentEnd,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#comment-end-bang-state>
    CommentEndBang,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#doctype-state>
    Doctype,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#before-doctype-name-state>
    BeforeDoctypeName,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#doctype-name-state>
    DoctypeName,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#after-doctype-name-state>
    AfterDoctypeName,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#after-doctype-public-keyword-state>
    AfterDoctypePublicKeyword,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#before-doctype-public-identifier-state>
    BeforeDoctypePublicIdentifier,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#doctype-public-identifier-(double-quoted)-state>
    DoctypePublicIdentifierDoubleQuoted,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#doctype-public-identifier-(single-quoted)-state>
    DoctypePublicIdentifierSingleQuoted,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#after-doctype-public-identifier-state>
    AfterDoctypePublicIdentifier,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#between-doctype-public-and-system-identifiers-state>
    BetweenDoctypePublicAndSystemIdentifiers,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#after-doctype-system-keyword-state>
    AfterDoctypeSystemKeyword,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#before-doctype-system-identifier-state>
    BeforeDoctypeSystemIdentifier,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#doctype-system-identifier-(double-quoted)-state>
    DoctypeSystemIdentifierDoubleQuoted,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#doctype-system-identifier-(single-quoted)-state>
    DoctypeSystemIdentifierSingleQuoted,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#after-doctype-system-identifier-state>
    AfterDoctypeSystemIdentifier,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#bogus-doctype-state>
    BogusDoctype,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#cdata-section-state>
    CdataSection,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#cdata-section-bracket-state>
    CdataSectionBracket,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#cdata-section-end-state>
    CdataSectionEnd,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#character-reference-state>
    CharacterReference,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#named-character-reference-state>
    NamedCharacterReference,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#numeric-character-reference-state>
    NumericCharacterReference,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#hexadecimal-character-reference-start-state>
    HexadecimalCharacterReferenceStart,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#decimal-character-reference-start-state>
    DecimalCharacterReferenceStart,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#hexadecimal-character-reference-state>
    HexadecimalCharacterReference,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#decimal-character-reference-state>
    DecimalCharacterReference,
    /// <https://html.spec.whatwg.org/multipage/parsing.html#numeric-character-reference-end-state>
    NumericCharacterReferenceEnd,
}

impl State {
    /// States in which the tag being read was started from the data state
    /// and is still unterminated (used for the end-of-input rule).
    pub(crate) fn is_tag(self) -> bool {
        matches!(
            self,
            State::TagName
                | State::BeforeAttributeName
                | State::AttributeName
                | State::AfterAttributeName
                | State::BeforeAttributeValue
                | State::AttributeValueDoubleQuoted
                | State::AttributeValueSingleQuoted
                | State::AttributeValueUnquoted
                | State::AfterAttributeValueQuoted
                | State::SelfClosingStartTag
        )
    }

    /// The attribute value states (the return states of a character
    /// reference read in an attribute value).
    pub(crate) fn is_attribute_value(self) -> bool {
        matches!(
            self,
            State::AttributeValueDoubleQuoted | State::AttributeValueSingleQuoted | State::AttributeValueUnquoted
        )
    }
}
