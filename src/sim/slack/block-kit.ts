// Block Kit limits that Slack enforces on messages and modals. A breach answers `invalid_blocks` with
// messages in Slack's `[ERROR] ... [json-pointer:...]` form, so a bot that would fail on Slack fails here.

export type Surface = 'message' | 'modal' | 'home';

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string | undefined {
  return isNode(value) && typeof value.text === 'string' ? value.text : undefined;
}

function tooLong(problems: string[], text: string | undefined, max: number, pointer: string): void {
  if (text !== undefined && text.length > max) {
    problems.push(`[ERROR] must be less than ${max + 1} characters [json-pointer:${pointer}]`);
  }
}

function checkElement(problems: string[], element: unknown, pointer: string): void {
  if (!isNode(element)) return;
  if (typeof element.action_id === 'string')
    tooLong(problems, element.action_id, 255, `${pointer}/action_id`);
  if (element.type === 'button') {
    tooLong(problems, textOf(element.text), 75, `${pointer}/text/text`);
    if (typeof element.value === 'string') tooLong(problems, element.value, 2000, `${pointer}/value`);
  }
}

function checkBlock(problems: string[], block: unknown, pointer: string, blockIds: Set<string>): void {
  if (!isNode(block) || typeof block.type !== 'string') {
    problems.push(`[ERROR] missing required field: type [json-pointer:${pointer}]`);
    return;
  }
  if (typeof block.block_id === 'string') {
    tooLong(problems, block.block_id, 255, `${pointer}/block_id`);
    if (blockIds.has(block.block_id))
      problems.push(`[ERROR] duplicate block_id [json-pointer:${pointer}/block_id]`);
    blockIds.add(block.block_id);
  }
  switch (block.type) {
    case 'section': {
      const fields = Array.isArray(block.fields) ? block.fields : [];
      if (textOf(block.text) === undefined && fields.length === 0) {
        problems.push(`[ERROR] must provide text or fields [json-pointer:${pointer}]`);
      }
      tooLong(problems, textOf(block.text), 3000, `${pointer}/text/text`);
      if (fields.length > 10)
        problems.push(`[ERROR] no more than 10 items allowed [json-pointer:${pointer}/fields]`);
      fields.forEach((field, i) => {
        tooLong(problems, textOf(field), 2000, `${pointer}/fields/${i}/text`);
      });
      checkElement(problems, block.accessory, `${pointer}/accessory`);
      break;
    }
    case 'header':
      tooLong(problems, textOf(block.text), 150, `${pointer}/text/text`);
      break;
    case 'actions': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length > 25) {
        problems.push(`[ERROR] no more than 25 items allowed [json-pointer:${pointer}/elements]`);
      }
      elements.forEach((element, i) => {
        checkElement(problems, element, `${pointer}/elements/${i}`);
      });
      break;
    }
    case 'context': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length > 10) {
        problems.push(`[ERROR] no more than 10 items allowed [json-pointer:${pointer}/elements]`);
      }
      break;
    }
    case 'input':
      tooLong(problems, textOf(block.label), 2000, `${pointer}/label/text`);
      checkElement(problems, block.element, `${pointer}/element`);
      break;
    default:
      break;
  }
}

/** Slack's messages for every limit the blocks break; empty when they are fine. */
export function blockKitProblems(blocks: readonly unknown[], surface: Surface): string[] {
  const problems: string[] = [];
  const max = MAX_BLOCKS[surface];
  if (blocks.length > max) problems.push(`[ERROR] no more than ${max} items allowed [json-pointer:/blocks]`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    checkBlock(problems, block, `/blocks/${i}`, blockIds);
  });
  return problems;
}
