namespace Ocap.Workflow.Bpmn;

/// <summary>The expression languages a diagram may name, as the reader classified them.</summary>
public enum BpmnExpressionLanguage
{
    /// <summary>JavaScript (<c>javascript</c>, <c>ecmascript</c>, <c>text/javascript</c>, or no language at all).</summary>
    JavaScript,

    /// <summary>FEEL (Camunda 8 writes <c>=...</c>, or <c>language="feel"</c>): parsed at deploy time, evaluated by the FEEL interpreter.</summary>
    Feel,

    /// <summary>JUEL (Camunda 7 writes <c>${...}</c>); refused at deploy time.</summary>
    Juel,

    /// <summary>Any other language (groovy, python, XPath on the element...); refused at deploy time.</summary>
    Other,
}

/// <summary>
/// A condition, script or value expression exactly as written in the diagram, with the language the reader
/// decided it is in. The text is kept even for languages we do not run, so a later evaluator can be plugged in.
/// </summary>
/// <param name="Text">The expression or script body, trimmed.</param>
/// <param name="LanguageAttribute">The <c>language</c> / <c>scriptFormat</c> attribute as written, or <see langword="null"/>.</param>
/// <param name="Language">The classified language.</param>
/// <param name="ModuleReference">Our extension <c>ocap:scriptModule</c>: a tenant JavaScript module to run instead of inline text.</param>
/// <param name="Line">1-based line of the owning XML element (0 when unknown).</param>
/// <param name="Column">1-based column of the owning XML element (0 when unknown).</param>
public sealed record BpmnExpression(
    string Text, string? LanguageAttribute, BpmnExpressionLanguage Language, string? ModuleReference, int Line, int Column)
{
    /// <summary>Classifies an expression's language from its attribute and text.</summary>
    internal static BpmnExpressionLanguage Classify(string? language, string text)
    {
        if (!string.IsNullOrWhiteSpace(language))
        {
            return language.Trim().ToLowerInvariant() switch
            {
                "javascript" or "ecmascript" or "text/javascript" or "application/javascript" or "js" => BpmnExpressionLanguage.JavaScript,
                "feel" or "https://www.omg.org/spec/dmn/20191111/feel/" or "http://www.omg.org/spec/feel/20140401" => BpmnExpressionLanguage.Feel,
                "juel" or "http://www.jboss.org/drools/rule-flow" => BpmnExpressionLanguage.Juel,
                _ => BpmnExpressionLanguage.Other,
            };
        }

        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('='))
        {
            return BpmnExpressionLanguage.Feel;
        }

        if (trimmed.StartsWith("${", StringComparison.Ordinal) || trimmed.StartsWith("#{", StringComparison.Ordinal))
        {
            return BpmnExpressionLanguage.Juel;
        }

        return BpmnExpressionLanguage.JavaScript;
    }
}
