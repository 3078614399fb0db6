namespace Bayu.Fhir.Tests.FhirPath.Official;

/// <summary>
/// Official suite tests that Bayu's engine (the Firely SDK 6.8 engine behind Bayu's facade) does
/// not pass yet, each with the reason. This is the only place a suite test may be excused; every
/// entry is asserted to still fail, so a fix is noticed and the entry removed.
/// </summary>
public static class KnownDeviations
{
    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Comparable1"] = "UCUM unit conversion and calendar-duration equivalence in quantity comparison/arithmetic are not implemented by the SDK.",
        ["HighBoundaryDateTimeMillisecond1"] = "Contradicts the specification (FHIRPath 3.0 STU §5.10 highBoundary(), whose own example is '@2014-01-01T08.highBoundary(17) // @2014-01-01T08:59:59.999'): the test expects 08:00:59.999, treating the hour-precision literal as minute precision. Bayu follows the spec's example (with -12:00 for the missing offset).",
        ["HighBoundaryDateTimeMillisecond3"] = "Contradicts the specification (FHIRPath 3.0 STU §5.10 highBoundary(), whose own example is '@2014-01-01T08.highBoundary(17) // @2014-01-01T08:59:59.999'): the test expects 08:00:59.999, treating the hour-precision literal as minute precision. Bayu follows the spec's example (with -12:00 for the missing offset).",
        ["HighBoundaryDecimal15"] = "Contradicts the specification (FHIRPath 3.0 STU §5.10 lowBoundary()/highBoundary(): 'the least/greatest possible value of the input to the specified precision'): 0.0034 stands for [0.00335, 0.00345], so its greatest value to 1 digit is 0.1 and the least of -0.0034 is -0.1; the expected 0.0 lies on the wrong side of the input itself.",
        ["HighBoundaryDecimal16"] = "Contradicts the specification (FHIRPath 3.0 STU §5.10 lowBoundary()/highBoundary(): 'the least/greatest possible value of the input to the specified precision'): 0.0034 stands for [0.00335, 0.00345], so its greatest value to 1 digit is 0.1 and the least of -0.0034 is -0.1; the expected 0.0 (of -(0.0034.highBoundary(1)), unary minus applying after the call) lies on the wrong side of the input itself.",
        ["LowBoundaryDecimal15"] = "Contradicts the specification (FHIRPath 3.0 STU §5.10 lowBoundary()/highBoundary(): 'the least/greatest possible value of the input to the specified precision'): 0.0034 stands for [0.00335, 0.00345], so its greatest value to 1 digit is 0.1 and the least of -0.0034 is -0.1; the expected -0.0 lies on the wrong side of the input itself.",
        ["from-zulip-2"] = "The SDK does not raise the execution error the spec requires for multi-item input to iif()/allTrue() on non-booleans.",
        ["testConformsTo1"] = "conformsTo() needs a profile validator; the SDK does not register it (Bayu's validator will).",
        ["testConformsTo2"] = "conformsTo() needs a profile validator; the SDK does not register it (Bayu's validator will).",
        ["testDollarOrderNotAllowed"] = "Strict-mode semantic checks (static typing against the model) are not performed by the SDK's engine, which evaluates to empty instead of rejecting the expression.",
        ["testFHIRPathAsFunction21"] = "Strict-mode semantic checks (static typing against the model) are not performed by the SDK's engine, which evaluates to empty instead of rejecting the expression.",
        ["testFHIRPathAsFunction23"] = "Strict-mode semantic checks (static typing against the model) are not performed by the SDK's engine, which evaluates to empty instead of rejecting the expression.",
        ["testFHIRPathAsFunction24"] = "Strict-mode semantic checks (static typing against the model) are not performed by the SDK's engine, which evaluates to empty instead of rejecting the expression.",
        ["testFHIRPathIsFunction2"] = "is() with a System type on a FHIR primitive (string/uri) follows the SDK's type mapping, which differs from the spec.",
        ["testIif10"] = "The SDK does not raise the execution error the spec requires for multi-item input to iif()/allTrue() on non-booleans.",
        ["testIif6"] = "Strict-mode semantic checks (static typing against the model) are not performed by the SDK's engine, which evaluates to empty instead of rejecting the expression.",
        ["testMatchesSingleLineMode1"] = "The SDK's regex functions differ from the spec on empty arguments and single-line mode.",
        ["testNEquality24"] = "UCUM unit conversion and calendar-duration equivalence in quantity comparison/arithmetic are not implemented by the SDK.",
        ["testPeriodInvariantOld"] = "Comparison of partial dateTimes of different precision returns empty in the SDK where the spec expects a boolean.",
        ["testPlusDate18"] = "The SDK formats computed dateTimes without trailing zero milliseconds and rounds sub-second quantities differently; the instant is the same.",
        ["testPlusDate19"] = "The SDK formats computed dateTimes without trailing zero milliseconds and rounds sub-second quantities differently; the instant is the same.",
        ["testPlusDate20"] = "The SDK formats computed dateTimes without trailing zero milliseconds and rounds sub-second quantities differently; the instant is the same.",
        ["testPlusDate21"] = "The SDK formats computed dateTimes without trailing zero milliseconds and rounds sub-second quantities differently; the instant is the same.",
        ["testPlusDate22"] = "The SDK formats computed dateTimes without trailing zero milliseconds and rounds sub-second quantities differently; the instant is the same.",
        ["testPlusDate3"] = "The SDK formats computed dateTimes without trailing zero milliseconds and rounds sub-second quantities differently; the instant is the same.",
        ["testPlusDate4"] = "The SDK formats computed dateTimes without trailing zero milliseconds and rounds sub-second quantities differently; the instant is the same.",
        ["testPlusDate5"] = "The SDK formats computed dateTimes without trailing zero milliseconds and rounds sub-second quantities differently; the instant is the same.",
        ["testPlusDate6"] = "The SDK formats computed dateTimes without trailing zero milliseconds and rounds sub-second quantities differently; the instant is the same.",
        ["testPlusDate7"] = "The SDK formats computed dateTimes without trailing zero milliseconds and rounds sub-second quantities differently; the instant is the same.",
        ["testPlusDate8"] = "The SDK formats computed dateTimes without trailing zero milliseconds and rounds sub-second quantities differently; the instant is the same.",
        ["testPolymorphicsB"] = "Strict-mode semantic checks (static typing against the model) are not performed by the SDK's engine, which evaluates to empty instead of rejecting the expression.",
        ["testPolymorphismAsB"] = "Strict-mode semantic checks (static typing against the model) are not performed by the SDK's engine, which evaluates to empty instead of rejecting the expression.",
        ["testPolymorphismB"] = "Strict-mode semantic checks (static typing against the model) are not performed by the SDK's engine, which evaluates to empty instead of rejecting the expression.",
        ["testPrecedence2"] = "Operator precedence in the SDK's parser differs from the FHIRPath grammar for unary minus, 'is' and '*' versus '+'.",
        ["testPrecedence3"] = "Operator precedence in the SDK's parser differs from the FHIRPath grammar for unary minus, 'is' and '*' versus '+'.",
        ["testPrecedence4"] = "Operator precedence in the SDK's parser differs from the FHIRPath grammar for unary minus, 'is' and '*' versus '+'.",
        ["testQuantity1"] = "UCUM unit conversion and calendar-duration equivalence in quantity comparison/arithmetic are not implemented by the SDK.",
        ["testQuantity10"] = "UCUM unit conversion and calendar-duration equivalence in quantity comparison/arithmetic are not implemented by the SDK.",
        ["testQuantity11"] = "UCUM unit conversion and calendar-duration equivalence in quantity comparison/arithmetic are not implemented by the SDK.",
        ["testQuantity2"] = "UCUM unit conversion and calendar-duration equivalence in quantity comparison/arithmetic are not implemented by the SDK.",
        ["testQuantity3"] = "UCUM unit conversion and calendar-duration equivalence in quantity comparison/arithmetic are not implemented by the SDK.",
        ["testQuantity4"] = "UCUM unit conversion and calendar-duration equivalence in quantity comparison/arithmetic are not implemented by the SDK.",
        ["testQuantity5"] = "UCUM unit conversion and calendar-duration equivalence in quantity comparison/arithmetic are not implemented by the SDK.",
        ["testQuantity6"] = "UCUM unit conversion and calendar-duration equivalence in quantity comparison/arithmetic are not implemented by the SDK.",
        ["testQuantity7"] = "UCUM unit conversion and calendar-duration equivalence in quantity comparison/arithmetic are not implemented by the SDK.",
        ["testQuantity8"] = "UCUM unit conversion and calendar-duration equivalence in quantity comparison/arithmetic are not implemented by the SDK.",
        ["testQuantity9"] = "UCUM unit conversion and calendar-duration equivalence in quantity comparison/arithmetic are not implemented by the SDK.",
        ["testQuantityLiteralWeekToString"] = "UCUM unit conversion and calendar-duration equivalence in quantity comparison/arithmetic are not implemented by the SDK.",
        ["testRepeat5"] = "repeat() on a constant does not de-duplicate results in the SDK.",
        ["testReplaceMatches2"] = "The SDK's regex functions differ from the spec on empty arguments and single-line mode.",
        ["testSimpleFail"] = "Strict-mode semantic checks (static typing against the model) are not performed by the SDK's engine, which evaluates to empty instead of rejecting the expression.",
        ["testSimpleWithWrongContext"] = "Strict-mode semantic checks (static typing against the model) are not performed by the SDK's engine, which evaluates to empty instead of rejecting the expression.",
        ["testSort10"] = "sort() with a descending (unary minus) key on strings is not supported by the SDK.",
        ["testSort8"] = "sort() with a descending (unary minus) key on strings is not supported by the SDK.",
        ["testTypeA4"] = "is() with a System type on a FHIR primitive (string/uri) follows the SDK's type mapping, which differs from the spec.",
    };
}
