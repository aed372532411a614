using System.Globalization;
using System.Text;
using Ocap.Workflow.Bpmn;

namespace Ocap.Workflow.Runtime;

/// <summary>
/// Turns a user task's assignment into the one LDAP filter the engine checks (see ADR 0007): our
/// <c>ocap:candidateFilter</c> as written; each Camunda candidate user and the assignee as
/// <c>(uid=NAME)</c>; each candidate group as <c>(memberOf=cn=NAME,ou=groups)</c> (attribute and value format are
/// options); several parts are OR-ed. Group names are escaped as DN values (RFC 4514) and every value as an
/// assertion value (RFC 4515), so a name can never widen the filter.
/// </summary>
internal static class CandidateFilters
{
    /// <summary>The filter text, or <see langword="null"/> with <paramref name="problem"/> set.</summary>
    public static string? Translate(BpmnUserTaskInfo info, WorkflowEngineOptions options, out string? problem, bool evaluated = false)
    {
        problem = null;
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(info.CandidateFilter))
        {
            var text = info.CandidateFilter.Trim();
            parts.Add(text.StartsWith('(') ? text : "(" + text + ")");
        }

        if (info.HasExpressions)
        {
            var expression = info.AssigneeExpression ?? info.CandidateUsersExpression ?? info.CandidateGroupsExpression;
            problem = $"the assignment '{expression!.Text}' is a FEEL expression, known only when the task is created; this runtime fixes a task's candidate filter at deployment, so name users and groups literally or use ocap:candidateFilter.";
            return null;
        }

        if (info.AssignmentModule is not null)
        {
            problem = $"ocap:assignmentModule '{info.AssignmentModule}' is not supported by this engine version; use ocap:candidateFilter or Camunda candidates.";
            return null;
        }

        var names = new List<(string Attribute, string Value)>();
        if (!string.IsNullOrWhiteSpace(info.Assignee))
        {
            names.Add((options.CandidateUserAttribute, info.Assignee.Trim()));
        }

        names.AddRange(info.CandidateUsers.Select(u => (options.CandidateUserAttribute, u.Trim())));
        foreach (var group in info.CandidateGroups)
        {
            names.Add((options.CandidateGroupAttribute, "\u0000group\u0000" + group.Trim()));
        }

        foreach (var (attribute, raw) in names)
        {
            var isGroup = raw.StartsWith("\u0000group\u0000", StringComparison.Ordinal);
            var name = isGroup ? raw["\u0000group\u0000".Length..] : raw;
            if (name.Length == 0)
            {
                continue;
            }

            if (!evaluated && (name.Contains("${", StringComparison.Ordinal) || name.Contains("#{", StringComparison.Ordinal) || name.StartsWith('=')))
            {
                problem = $"the candidate '{name}' is an expression; expressions in assignments are not supported, name users and groups literally or use ocap:candidateFilter.";
                return null;
            }

            var value = isGroup
                ? Escape(string.Format(CultureInfo.InvariantCulture, options.CandidateGroupValueFormat, EscapeDnValue(name)))
                : Escape(name);
            parts.Add("(" + attribute + "=" + value + ")");
        }

        if (parts.Count == 0)
        {
            problem = "the user task has no candidates (no ocap:candidateFilter, assignee, candidate users or groups), so nobody could ever act on it.";
            return null;
        }

        return parts.Count == 1 ? parts[0] : "(|" + string.Concat(parts) + ")";
    }

    /// <summary>Escapes an attribute value for use inside a DN (RFC 4514 section 2.4), so a group name stays one RDN value.</summary>
    public static string EscapeDnValue(string value)
    {
        var text = new StringBuilder(value.Length + 4);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var special = c is ',' or '+' or '"' or '\\' or '<' or '>' or ';' or '='
                || (i == 0 && (c == '#' || c == ' '))
                || (i == value.Length - 1 && c == ' ');
            if (special)
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }

    /// <summary>Escapes an assertion value as RFC 4515 section 3 requires.</summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            _ = c switch
            {
                '*' => text.Append("\\2a"),
                '(' => text.Append("\\28"),
                ')' => text.Append("\\29"),
                '\\' => text.Append("\\5c"),
                '\0' => text.Append("\\00"),
                _ => text.Append(c),
            };
        }

        return text.ToString();
    }
}
