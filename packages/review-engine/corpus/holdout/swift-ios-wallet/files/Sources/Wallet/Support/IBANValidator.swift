import Foundation

enum IBANValidator {
    /// ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 == 1.
    static func isValid(_ raw: String) -> Bool {
        let iban = raw.replacingOccurrences(of: " ", with: "").uppercased()
        guard iban.count >= 15, iban.count <= 34, iban.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            return false
        }
        let rearranged = iban.dropFirst(4) + iban.prefix(4)
        var remainder = 0
        for character in rearranged {
            let value = character.isLetter ? Int(character.asciiValue! - 55) : Int(String(character))!
            for digit in String(value) {
                remainder = (remainder * 10 + Int(String(digit))!) % 97
            }
        }
        return remainder == 1
    }
}
