import { applyDecorators, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

/** What `@StepHandler` stores: the registered name, when one was given. */
export interface StepHandlerMetadata {
  name?: string;
}

/** The discoverable metadata decorator behind `@StepHandler` (internal: the explorer reads it). */
export const stepHandlerMetadata = DiscoveryService.createDecorator<StepHandlerMetadata>();

/**
 * Declares a step handler (a class with `process(ctx)`), registered under `name` or, by default,
 * its class name. It is an ordinary provider, so it gets constructor injection.
 * @publicApi
 */
export const StepHandler = Object.assign(
  (name?: string): ClassDecorator => applyDecorators(Injectable(), stepHandlerMetadata({ name })),
  { KEY: stepHandlerMetadata.KEY },
);
