import type { OperationModel, ParameterModel } from '../../src/manifest/model.js';

/** A hand-built operation for unit tests (the loader's output shape, with only what a test needs). */
export function op(partial: Partial<OperationModel> & Pick<OperationModel, 'operationId'>): OperationModel {
  return {
    derivedId: false,
    method: 'GET',
    path: '/v1/things',
    tags: [],
    deprecated: false,
    parameters: [],
    responses: {},
    extensions: {},
    pointer: '/paths/~1v1~1things/get',
    ...partial,
  };
}

/** A parameter with defaults filled in. */
export function param(name: string, where: ParameterModel['in'], extra: Partial<ParameterModel> = {}): ParameterModel {
  return { name, in: where, required: where === 'path', schema: { type: 'string' }, ...extra };
}
