// The less package ships no types; this is the one call the overlay server makes.
declare module 'less' {
  export function render(input: string, options: { filename: string }): Promise<{ css: string }>;
}
