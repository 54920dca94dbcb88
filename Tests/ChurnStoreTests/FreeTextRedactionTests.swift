import Testing
@testable import ChurnStore

@Suite struct FreeTextRedactionTests {
    @Test(arguments: [
        ("customer c1 failed", "customer [erased] failed"),
        ("c1", "[erased]"),
        ("c1, c10, c1.", "[erased], c10, [erased]."),
        ("abc1 c1x c1-2 c1_ x-c1 (c1)", "abc1 c1x c1-2 c1_ x-c1 ([erased])"),
        ("'c1': bad; /c1/", "'[erased]': bad; /[erased]/"),
        ("no mention", "no mention"),
    ])
    func replacesTheIdOnlyWhereItIsAWordOfItsOwn(_ text: String, _ expected: String) {
        #expect(FreeTextRedaction.redacting("c1", in: text) == expected)
    }

    @Test func idsWithPunctuationAndUnicodeAreMatchedWhole() {
        #expect(FreeTextRedaction.redacting("acme.com/42", in: "for acme.com/42: timeout") == "for [erased]: timeout")
        #expect(FreeTextRedaction.redacting("kundé-7", in: "kundé-7 and kundé-77") == "[erased] and kundé-77")
    }
}
