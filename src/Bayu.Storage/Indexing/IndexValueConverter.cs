using System.Globalization;
using Bayu.Fhir.Units;
using Hl7.Fhir.Model;

namespace Bayu.Storage.Indexing;

/// <summary>Converts one model element selected by a search parameter into index rows of the parameter's type.</summary>
public static class IndexValueConverter
{
    public static void Add(ResourceIndex index, string param, SearchParamType type, Base value)
    {
        switch (type)
        {
            case SearchParamType.Token:
                AddToken(index, param, value);
                break;
            case SearchParamType.String:
                AddString(index, param, value);
                break;
            case SearchParamType.Date:
                AddDate(index, param, value);
                break;
            case SearchParamType.Number:
                if (AsDecimal(value) is { } number)
                {
                    index.Numbers.Add(new NumberRow(param, (double)number, (double)number));
                }
                break;
            case SearchParamType.Quantity:
                AddQuantity(index, param, value);
                break;
            case SearchParamType.Reference:
                AddReference(index, param, value);
                break;
            case SearchParamType.Uri:
                if (Primitive(value) is { Length: > 0 } uri)
                {
                    index.Uris.Add(new UriRow(param, uri));
                }
                break;
            default:
                break;
        }
    }

    private static void AddToken(ResourceIndex index, string param, Base value)
    {
        switch (value)
        {
            case Coding coding:
                index.Tokens.Add(new TokenRow(param, coding.System, coding.Code, Fold(coding.Display)));
                break;
            case CodeableConcept concept:
                foreach (var coding in concept.Coding)
                {
                    index.Tokens.Add(new TokenRow(param, coding.System, coding.Code, Fold(coding.Display ?? concept.Text)));
                }
                if (concept.Coding.Count == 0 && concept.Text is { Length: > 0 } text)
                {
                    index.Tokens.Add(new TokenRow(param, null, null, Fold(text)));
                }
                break;
            case Identifier identifier:
                index.Tokens.Add(new TokenRow(param, identifier.System, identifier.Value, Fold(identifier.Type?.Text)));
                break;
            case ContactPoint contact:
                index.Tokens.Add(new TokenRow(param, contact.System?.ToString().ToLowerInvariant(), contact.Value, null));
                break;
            case FhirBoolean boolean when boolean.Value is { } b:
                index.Tokens.Add(new TokenRow(param, null, b ? "true" : "false", null));
                break;
            default:
                if (Primitive(value) is { Length: > 0 } code)
                {
                    index.Tokens.Add(new TokenRow(param, null, code, null));
                }
                break;
        }
    }

    private static void AddString(ResourceIndex index, string param, Base value)
    {
        switch (value)
        {
            case HumanName name:
                AddStrings(index, param, [name.Text, name.Family, .. name.Given, .. name.Prefix, .. name.Suffix]);
                AddFamilyNameParts(index, param, name.FamilyElement);
                break;
            case Address address:
                AddStrings(index, param, [address.Text, .. address.Line, address.City, address.District, address.State, address.PostalCode, address.Country]);
                break;
            default:
                AddStrings(index, param, [Primitive(value)]);
                break;
        }
    }

    /// <summary>
    /// Rows for the parts of a family name (see <see cref="FamilyNameParts"/>): folded for prefix
    /// search, with an empty exact column, so <c>:exact</c> still matches only the whole name and
    /// <c>_sort</c> orders by the whole name (a part is not a value of the element).
    /// </summary>
    public static void AddFamilyNameParts(ResourceIndex index, string param, Base? family)
    {
        if (family is null || Primitive(family) is not { Length: > 0 } whole)
        {
            return;
        }
        foreach (var part in FamilyNameParts.Of(whole))
        {
            index.Strings.Add(new StringRow(param, TextNormalizer.Normalize(part), FamilyNameParts.PartMarker));
        }
    }

    private static void AddStrings(ResourceIndex index, string param, IEnumerable<string?> parts)
    {
        foreach (var part in parts)
        {
            if (!string.IsNullOrWhiteSpace(part))
            {
                index.Strings.Add(new StringRow(param, TextNormalizer.Normalize(part), part));
            }
        }
    }

    private static void AddDate(ResourceIndex index, string param, Base value)
    {
        switch (value)
        {
            case Period period:
                var low = DateRanges.TryParse(period.Start, out var startLow, out _) ? startLow : DateRanges.MinTicks;
                var high = DateRanges.TryParse(period.End, out _, out var endHigh) ? endHigh : DateRanges.MaxTicks;
                if (period.Start is not null || period.End is not null)
                {
                    index.Dates.Add(new DateRow(param, low, high));
                }
                break;
            case Timing timing:
                foreach (var e in timing.EventElement)
                {
                    AddDate(index, param, e);
                }
                if (timing.Repeat?.Bounds is Period bounds)
                {
                    AddDate(index, param, bounds);
                }
                break;
            default:
                if (DateRanges.TryParse(Primitive(value), out var l, out var h))
                {
                    index.Dates.Add(new DateRow(param, l, h));
                }
                break;
        }
    }

    private static void AddQuantity(ResourceIndex index, string param, Base value)
    {
        switch (value)
        {
            case Quantity { Value: { } v } quantity:
                var code = quantity.Code ?? quantity.Unit;
                double? canonical = null;
                string? canonicalCode = null;
                if (UcumCanonical.TryCanonicalize(v, quantity.System, quantity.Code, out var cv, out var cc))
                {
                    canonical = (double)cv;
                    canonicalCode = cc;
                }
                index.Quantities.Add(new QuantityRow(param, quantity.System, code, (double)v, (double)v, canonicalCode, canonical, canonical));
                break;
            case Money { Value: { } amount } money:
                index.Quantities.Add(new QuantityRow(param, "urn:iso:std:iso:4217", money.Currency?.ToString(), (double)amount, (double)amount, null, null, null));
                break;
            case Hl7.Fhir.Model.Range range:
                if (range.Low is not null)
                {
                    AddQuantity(index, param, range.Low);
                }
                if (range.High is not null)
                {
                    AddQuantity(index, param, range.High);
                }
                break;
            default:
                break;
        }
    }

    private static void AddReference(ResourceIndex index, string param, Base value)
    {
        switch (value)
        {
            case ResourceReference reference:
                if (reference.Reference is { Length: > 0 } text)
                {
                    index.References.Add(ReferenceOf(param, text, reference.Identifier));
                }
                else if (reference.Identifier is { } identifier)
                {
                    index.References.Add(new ReferenceRow(param, null, null, null, identifier.System, identifier.Value));
                }
                break;
            default:
                if (Primitive(value) is { Length: > 0 } uri)
                {
                    index.References.Add(ReferenceOf(param, uri, null));
                }
                break;
        }
    }

    /// <summary>Splits a reference into local type/id, or keeps it as a URL (absolute, canonical, urn).</summary>
    public static ReferenceRow ReferenceOf(string param, string reference, Identifier? identifier)
    {
        if (ReferenceParts.TryParseLocal(reference, out var type, out var id))
        {
            return new ReferenceRow(param, type, id, null, identifier?.System, identifier?.Value);
        }
        return new ReferenceRow(param, ReferenceParts.TypeOfAbsolute(reference), ReferenceParts.IdOfAbsolute(reference), reference, identifier?.System, identifier?.Value);
    }

    private static decimal? AsDecimal(Base value) => value switch
    {
        FhirDecimal d => d.Value,
        Integer i => i.Value,
        UnsignedInt u => u.Value,
        PositiveInt p => p.Value,
        Integer64 l => l.Value,
        _ => decimal.TryParse(Primitive(value), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
    };

    private static string? Primitive(Base value) => value switch
    {
        PrimitiveType primitive => primitive.ToString(),
        _ => null,
    };

    private static string? Fold(string? text) => string.IsNullOrWhiteSpace(text) ? null : TextNormalizer.Normalize(text);
}
