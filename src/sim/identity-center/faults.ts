// Faults a test plants in the simulator: the next N calls of an operation fail or are slowed, the next
// N provisionings end FAILED. Planted programmatically or over the control endpoint.

import { z } from 'zod';
import { AWS_ERROR_TYPES, type AwsErrorType } from './aws-error.js';

export const callFaultSchema = z
  .object({
    /** The operation name (`CreateAccountAssignment`), or `*` for every operation. */
    operation: z.string().min(1),
    error: z.enum(AWS_ERROR_TYPES as [AwsErrorType, ...AwsErrorType[]]).optional(),
    message: z.string().optional(),
    /** Held this long before answering (and before any error). */
    delayMs: z.number().int().min(0).max(60_000).optional(),
    times: z.number().int().min(1).default(1),
  })
  .refine((f) => f.error !== undefined || f.delayMs !== undefined, 'give an error, a delay or both');

export const provisioningFaultSchema = z.object({
  reason: z.string().min(1).default('Received a 500 status error: Internal failure while provisioning.'),
  /** Which provisionings fail: account assignment creations, deletions, or whichever comes next. */
  kind: z.enum(['creation', 'deletion', 'any']).default('any'),
  /** Only provisionings on this account fail; any account when absent. */
  accountId: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  times: z.number().int().min(1).default(1),
});

export type CallFault = z.input<typeof callFaultSchema>;
export type ProvisioningFault = z.input<typeof provisioningFaultSchema>;
type PlannedCall = z.output<typeof callFaultSchema>;
type PlannedProvisioning = z.output<typeof provisioningFaultSchema>;

export class FaultPlan {
  private calls: PlannedCall[] = [];
  private provisionings: PlannedProvisioning[] = [];

  injectCall(fault: CallFault): void {
    this.calls.push(callFaultSchema.parse(fault));
  }

  failProvisioning(fault: ProvisioningFault = {}): void {
    this.provisionings.push(provisioningFaultSchema.parse(fault));
  }

  /** The fault for this call of `operation`, if one is planted; uses it up. */
  takeCall(operation: string): Omit<PlannedCall, 'times' | 'operation'> | undefined {
    const index = this.calls.findIndex((f) => f.operation === operation || f.operation === '*');
    const fault = this.calls[index];
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times === 0) this.calls.splice(index, 1);
    return { error: fault.error, message: fault.message, delayMs: fault.delayMs };
  }

  /** The FailureReason for this provisioning, if one is planted; uses it up. */
  takeProvisioning(kind: 'creation' | 'deletion', accountId?: string): string | undefined {
    const index = this.provisionings.findIndex(
      (f) =>
        (f.kind === kind || f.kind === 'any') && (f.accountId === undefined || f.accountId === accountId),
    );
    const fault = this.provisionings[index];
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times === 0) this.provisionings.splice(index, 1);
    return fault.reason;
  }

  pending(): { calls: PlannedCall[]; provisionings: PlannedProvisioning[] } {
    return {
      calls: this.calls.map((f) => ({ ...f })),
      provisionings: this.provisionings.map((f) => ({ ...f })),
    };
  }

  clear(): void {
    this.calls = [];
    this.provisionings = [];
  }
}
