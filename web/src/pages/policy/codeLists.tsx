import { Form, Select, type SelectProps } from 'antd';
import { useState } from 'react';
import type { DraftFormValues } from './draftForm';

/**
 * The codes other rows refer to (a category's tier, a major's category, an uplift's majors and categories), read
 * from the form when the dropdown opens. No watch of the form: a watcher makes the form copy every mounted field's
 * value on each keystroke, and a watch of the whole form re-rendered every tab per keystroke (issue 14: 0.7–1.1 s).
 * A closed dropdown needs no options: it shows the chosen code as it is.
 */
type CodeSection = 'tiers' | 'categories' | 'majors';

function codesOf(rows: unknown): string[] {
  return Array.isArray(rows) ? rows.map((row) => String((row as { code?: unknown } | undefined)?.code ?? '')).filter(Boolean) : [];
}

/** A dropdown of one section's codes (props from Form.Item pass through); `mode="tags"` also takes codes typed in. */
export function CodeSelect({ section, onOpenChange, ...props }: SelectProps & { section: CodeSection }) {
  const form = Form.useFormInstance<DraftFormValues>();
  const [options, setOptions] = useState<{ value: string }[]>([]);
  return (
    <Select
      {...props}
      options={options}
      onOpenChange={(open) => {
        if (open) setOptions([...new Set(codesOf(form.getFieldValue(section)))].map((value) => ({ value })));
        onOpenChange?.(open);
      }}
    />
  );
}
