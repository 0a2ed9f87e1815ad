/** STUB — implemented by the core-data work. */
import type { ParseResult } from './types';
import { message, text } from '../message';

export function parseCommand(input: string): ParseResult {
  void input;
  return { ok: false, hint: message('Not implemented yet', [text('Not implemented yet')]) };
}
