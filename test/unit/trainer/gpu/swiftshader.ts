/**
 * Where the GPU tests find a WebGPU adapter on a machine without a GPU: SwiftShader, the Vulkan
 * implementation on the CPU that Debian's `chromium` package ships (npm run setup installs it, with
 * `libvulkan1`, the Vulkan loader Dawn opens). The tests skip only when the ICD file is absent.
 */
import { existsSync } from 'node:fs';

/** Debian's chromium puts SwiftShader's ICD manifest here. */
export const debianSwiftShaderIcd = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** The ICD to use: VK_ICD_FILENAMES when it names an existing file, else Debian's SwiftShader. */
export function swiftShaderIcd(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env.VK_ICD_FILENAMES;
  if (given && given.split(':').every((f) => existsSync(f))) return given;
  return existsSync(debianSwiftShaderIcd) ? debianSwiftShaderIcd : undefined;
}

/** Why the GPU tests cannot run here, or undefined when they can. */
export function swiftShaderMissing(): string | undefined {
  return swiftShaderIcd()
    ? undefined
    : `SwiftShader's Vulkan ICD is absent (${debianSwiftShaderIcd}): install Debian's chromium, as npm run setup does`;
}

/** `env` with the Vulkan loader pointed at SwiftShader only (a real GPU's ICD stays out, so the figures are SwiftShader's). */
export function withSwiftShader(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const icd = swiftShaderIcd(env);
  if (!icd) throw new Error(swiftShaderMissing());
  return { ...env, VK_ICD_FILENAMES: icd };
}
