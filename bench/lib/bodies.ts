/**
 * The request bodies the benchmark sends. Direct and gateway bodies differ
 * only in the model name (the gateway's "provider/model" vs the mock's
 * model id), so both sides do the same work upstream.
 */

/** A small chat completion: what an SDK sends for a one-line question. */
export function smallChat(model: string, stream: boolean): string {
  return JSON.stringify({
    model,
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'Say hello to the benchmark in a few short words please, nothing more than twenty words at all.' },
    ],
    max_tokens: 64,
    temperature: 0.2,
    ...(stream ? { stream: true } : {}),
  });
}

/**
 * About 200 KB of prompt, shaped like a coding agent's request: a long
 * system prompt, tool definitions, file contents read by tools and a
 * conversation of tool calls and results.
 */
export function codingAgentChat(model: string, targetBytes = 200 * 1024): string {
  const codeLine = (index: number): string =>
    `  const value${index} = compute(input[${index % 97}], { weight: ${(index * 7) % 13}, label: "line ${index}" }); // keeps the total honest\n`;
  const file = (name: string, lines: number, offset: number): string => {
    let text = `// ${name}\nexport function ${name.replace(/\W/g, '_')}(input: number[]): number {\n`;
    for (let index = 0; index < lines; index += 1) text += codeLine(offset + index);
    return `${text}  return 0;\n}\n`;
  };
  const tools = ['read_file', 'write_file', 'run_command', 'search'].map((name) => ({
    type: 'function',
    function: {
      name,
      description: `The ${name.replace('_', ' ')} tool of the agent, with a description long enough to look like the real ones.`,
      parameters: { type: 'object', properties: { path: { type: 'string', description: 'Path relative to the repository root.' } }, required: ['path'] },
    },
  }));
  const messages: Array<Record<string, unknown>> = [{ role: 'system', content: `You are a coding agent. ${'Follow the repository conventions. '.repeat(80)}` }];
  let size = JSON.stringify({ model, messages, tools }).length;
  for (let turn = 0; size < targetBytes; turn += 1) {
    const id = `call_${turn.toString().padStart(4, '0')}`;
    messages.push({ role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: 'read_file', arguments: JSON.stringify({ path: `src/module-${turn}.ts` }) } }] });
    messages.push({ role: 'tool', tool_call_id: id, content: file(`src/module-${turn}.ts`, 120, turn * 120) });
    size = JSON.stringify({ model, messages, tools }).length;
  }
  messages.push({ role: 'user', content: 'Now refactor compute so that it handles empty input.' });
  return JSON.stringify({ model, messages, tools, tool_choice: 'auto', max_tokens: 1024 });
}

/** The small chat as Anthropic Messages (what Claude Code or the Anthropic SDK sends). */
export function smallAnthropicMessages(model: string): string {
  return JSON.stringify({
    model,
    max_tokens: 64,
    system: 'You are a helpful assistant.',
    messages: [{ role: 'user', content: 'Say hello to the benchmark in a few short words please, nothing more than twenty words at all.' }],
    temperature: 0.2,
  });
}
