import Foundation

// What the library's own answers (FlowModels.swift, generated) do beyond holding their fields:
// the emojis and numbers of a comparison one by one, an emoji entry's identity, and the options
// of beeper_setup_next_step_with.

extension EmojiEntry: Identifiable {
    /// What identifies an entry in its comparison: the same emoji may appear twice, so
    /// `ForEach(comparison.emojis)` tells the entries apart by position and number.
    public struct ID: Hashable, Sendable {
        /// Where it stands, from 0.
        public var position: Int
        /// Its number in the table, nil for an emoji the table does not hold.
        public var number: Int?
    }

    /// The entry's position and number.
    public var id: ID { ID(position: position, number: number) }
}

extension NextStep {
    /// The emojis one by one, to lay out (empty unless comparing).
    public var emojiList: [String] { splitEmojis(emojis ?? "") }
    /// The numbers one by one (empty unless comparing).
    public var decimalValues: [Int] { splitDecimals(decimals) }
}

extension VerificationSAS {
    /// The emojis one by one, to lay out in a row or a grid (usually seven).
    public var emojiList: [String] { splitEmojis(emojis) }
    /// The numbers one by one (usually three), for devices that show numbers instead.
    public var decimalValues: [Int] { splitDecimals(decimals) }
}

/// The emojis of a comparison one by one: each user-perceived character (an emoji with its
/// modifiers is one), whatever separates them.
func splitEmojis(_ emojis: String) -> [String] {
    emojis.filter { !$0.isWhitespace && $0 != "," }.map(String.init)
}

/// The numbers of a comparison: the runs of digits.
func splitDecimals(_ decimals: String?) -> [Int] {
    (decimals ?? "").split { !$0.isASCII || !$0.isNumber }.compactMap { Int($0) }
}

/// The options of beeper_setup_next_step_with, as JSON.
func nextStepOptionsJSON(language: String?, cancelledHere: [String]) -> String {
    var options: [String: Any] = ["cancelledHere": cancelledHere]
    if let language { options["language"] = language }
    let data = (try? JSONSerialization.data(withJSONObject: options, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
}
