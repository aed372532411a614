namespace Ocap.Workflow.Access;

/// <summary>
/// Turns a value (an attribute value of a principal, or a filter's assertion value) into its
/// <see cref="PreparedValue"/> for one rule family, enforcing the syntax: anything the syntax does not allow is
/// prepared as invalid, and comparisons with it are Undefined.
/// </summary>
internal static class ValuePreparation
{
    public static PreparedValue Prepare(RuleFamily family, string raw, AttributeSchema schema)
    {
        switch (family)
        {
            case RuleFamily.CaseIgnore:
            case RuleFamily.CaseExact:
                {
                    // Directory String is 1*UTF8: an empty value is not a value of the syntax.
                    if (raw.Length == 0)
                    {
                        return PreparedValue.Invalid(raw);
                    }

                    var key = family == RuleFamily.CaseIgnore
                        ? StringPreparation.PrepareCaseIgnore(raw, SpaceContext.Value)
                        : StringPreparation.PrepareCaseExact(raw, SpaceContext.Value);
                    return key is null ? PreparedValue.Invalid(raw) : new PreparedValue(raw, key, StringPreparation.PrepareApproximate(raw), 0);
                }

            case RuleFamily.CaseIgnoreIA5:
            case RuleFamily.CaseExactIA5:
                {
                    if (!StringPreparation.IsIA5(raw))
                    {
                        return PreparedValue.Invalid(raw);
                    }

                    var key = family == RuleFamily.CaseIgnoreIA5
                        ? StringPreparation.PrepareCaseIgnore(raw, SpaceContext.Value)
                        : StringPreparation.PrepareCaseExact(raw, SpaceContext.Value);
                    return key is null ? PreparedValue.Invalid(raw) : new PreparedValue(raw, key, StringPreparation.PrepareApproximate(raw), 0);
                }

            case RuleFamily.Telephone:
                {
                    var key = PrepareTelephone(raw);
                    return key is null || key.Length == 0 ? PreparedValue.Invalid(raw) : new PreparedValue(raw, key, key, 0);
                }

            case RuleFamily.DistinguishedName:
                {
                    var key = DistinguishedNameSyntax.Canonicalize(raw, schema);
                    return key is null ? PreparedValue.Invalid(raw) : new PreparedValue(raw, key, key, 0);
                }

            case RuleFamily.Integer:
                return IntegerSyntax.IsValid(raw) ? new PreparedValue(raw, raw, raw, 0) : PreparedValue.Invalid(raw);

            case RuleFamily.Boolean:
                return raw is "TRUE" or "FALSE" ? new PreparedValue(raw, raw, raw, 0) : PreparedValue.Invalid(raw);

            case RuleFamily.ObjectIdentifier:
                {
                    string? key = null;
                    if (LdapNames.IsNumericOid(raw))
                    {
                        key = raw;
                    }
                    else if (LdapNames.IsDescriptor(raw))
                    {
                        key = schema.ResolveDescriptor(raw) ?? raw.ToLowerInvariant();
                    }

                    return key is null ? PreparedValue.Invalid(raw) : new PreparedValue(raw, key, key, 0);
                }

            default:
                return GeneralizedTimeSyntax.TryParse(raw, out var ticks)
                    ? new PreparedValue(raw, string.Empty, string.Empty, ticks)
                    : PreparedValue.Invalid(raw);
        }
    }

    /// <summary>
    /// Prepares one substring component; null when invalid (SubstringAssertion components are non-empty; IA5 rules
    /// need ASCII; a prohibited character fails string preparation).
    /// </summary>
    public static string? PrepareSubstring(RuleFamily family, string? raw, SpaceContext context)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        return family switch
        {
            RuleFamily.CaseIgnore => StringPreparation.PrepareCaseIgnore(raw, context),
            RuleFamily.CaseExact => StringPreparation.PrepareCaseExact(raw, context),
            RuleFamily.CaseIgnoreIA5 => StringPreparation.IsIA5(raw) ? StringPreparation.PrepareCaseIgnore(raw, context) : null,
            RuleFamily.CaseExactIA5 => StringPreparation.IsIA5(raw) ? StringPreparation.PrepareCaseExact(raw, context) : null,
            RuleFamily.Telephone => PrepareTelephone(raw) is { Length: > 0 } key ? key : null,
            _ => null,
        };
    }

    /// <summary>
    /// telephoneNumberMatch (RFC 4518 section 2.6.3): case-ignore preparation with every space and hyphen removed.
    /// The value must be a Printable String.
    /// </summary>
    private static string? PrepareTelephone(string raw)
    {
        if (raw.Length == 0)
        {
            return null;
        }

        foreach (var c in raw)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '\'' or '(' or ')' or '+' or ',' or '-' or '.' or '/' or ':' or '?' or ' '))
            {
                return null;
            }
        }

        var mapped = StringPreparation.MapNormalizeProhibit(raw, foldCase: true);
        return mapped?.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
    }
}
