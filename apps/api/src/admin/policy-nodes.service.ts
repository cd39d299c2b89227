import { Injectable } from '@nestjs/common';
import { checkPolicyNode, type DomainError } from '@hyoka/domain';
import {
  PolicyRepository,
  type PolicyNodeDetailRow,
  type PolicyNodeKind,
} from '@hyoka/persistence';
import type { AuthContext } from '../auth/auth-context';
import { isUuid } from '../common/ids';
import {
  conflict,
  foreignKeyViolation,
  notFound,
  problem,
  uniqueViolation,
  unprocessable,
} from './admin-errors';
import type { PolicyNode } from './organisation.schemas';

export interface PolicyNodeInput {
  readonly kind: PolicyNodeKind;
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn?: string | null | undefined;
  readonly parentId?: string | null | undefined;
  readonly sortOrder?: number | undefined;
  readonly validFromFy?: number | null | undefined;
  readonly validToFy?: number | null | undefined;
}

/**
 * The policy hierarchy (総合計画: 政策 → 施策 → 基本事業) of the caller's government: a policy has
 * no parent, a measure sits under a policy, a basic project under a measure; a node's years lie
 * within its parent's; codes are unique per government.
 */
@Injectable()
export class AdminPolicyNodesService {
  constructor(private readonly policies: PolicyRepository) {}

  list(auth: AuthContext): Promise<PolicyNode[]> {
    return this.policies.list(auth.governmentId);
  }

  async get(auth: AuthContext, id: string): Promise<PolicyNode> {
    const row = isUuid(id) ? await this.policies.find(auth.governmentId, id) : undefined;
    if (!row) throw notFound('施策体系の項目が見つかりません', 'No such policy node');
    return row;
  }

  async create(auth: AuthContext, input: PolicyNodeInput): Promise<PolicyNode> {
    const next = withDefaults(input);
    await this.check(auth, next, null);
    const id = await writing(() => this.policies.insert(auth.governmentId, next));
    return this.get(auth, id);
  }

  async update(
    auth: AuthContext,
    id: string,
    patch: Partial<PolicyNodeInput>,
  ): Promise<PolicyNode> {
    const current = await this.get(auth, id);
    const next = withDefaults({ ...current, ...patch });
    if (next.kind !== current.kind) {
      const usage = await this.policies.usage(auth.governmentId, id);
      if (usage.children > 0 || usage.projects > 0)
        throw conflict(
          'policy_node_in_use',
          'kind: 下位の項目または事業があるため種別を変更できません',
          'kind: the node has children or projects; its kind cannot change',
        );
    }
    await this.check(auth, next, id);
    await writing(() => this.policies.update(auth.governmentId, id, next));
    return this.get(auth, id);
  }

  async delete(auth: AuthContext, id: string): Promise<void> {
    await this.get(auth, id);
    const usage = await this.policies.usage(auth.governmentId, id);
    const inUse = () =>
      conflict(
        'policy_node_in_use',
        `下位の項目（${usage.children}件）または事業（${usage.projects}件）があるため削除できません（終了年度を設定してください）`,
        `The node still has ${usage.children} child node(s) or ${usage.projects} project(s); set its last fiscal year instead`,
        usage,
      );
    if (usage.children > 0 || usage.projects > 0) throw inUse();
    try {
      await this.policies.delete(auth.governmentId, id);
    } catch (error) {
      if (foreignKeyViolation(error)) throw inUse();
      throw error;
    }
  }

  /** 422 listing every problem of a node's parent and years. */
  private async check(
    auth: AuthContext,
    node: ReturnType<typeof withDefaults>,
    id: string | null,
  ): Promise<void> {
    let parent: PolicyNodeDetailRow | undefined;
    if (node.parentId !== null) {
      parent =
        isUuid(node.parentId) && node.parentId !== id
          ? await this.policies.find(auth.governmentId, node.parentId)
          : undefined;
      if (!parent)
        throw unprocessable('invalid_reference', [
          problem(
            ['parentId'],
            'unknown_reference',
            'parentId: 親の項目が見つかりません',
            'parentId: no such policy node',
          ),
        ]);
    }
    const problems: DomainError[] = checkPolicyNode(node, parent);
    if (problems.length > 0)
      throw unprocessable(
        'invalid_policy_node',
        problems.map((p) => problem(p.path, p.code, p.message.ja, p.message.en)),
      );
  }
}

function withDefaults(n: PolicyNodeInput) {
  return {
    kind: n.kind,
    code: n.code,
    nameJa: n.nameJa,
    nameEn: n.nameEn ?? null,
    parentId: n.parentId ?? null,
    sortOrder: n.sortOrder ?? 0,
    validFromFy: n.validFromFy ?? null,
    validToFy: n.validToFy ?? null,
  };
}

async function writing<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (uniqueViolation(error) !== undefined)
      throw conflict(
        'duplicate_code',
        'code: このコードは既に使われています',
        'code: another policy node already has this code',
        {
          problems: [
            problem(['code'], 'duplicate', 'このコードは既に使われています', 'Already in use'),
          ],
        },
      );
    throw error;
  }
}
