/**
 * A binary min-heap of integer items by a number priority: the open set of the edge router's search.
 * @example const heap = new MinHeap(); heap.push(7, 2.5); heap.pop() // → 7
 */
export class MinHeap {
  private readonly items: number[] = [];
  private readonly priorities: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: number, priority: number): void {
    const { items, priorities } = this;
    let index = items.length;
    items.push(item);
    priorities.push(priority);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((priorities[parent] as number) <= priority) break;
      items[index] = items[parent] as number;
      priorities[index] = priorities[parent] as number;
      index = parent;
    }
    items[index] = item;
    priorities[index] = priority;
  }

  /** The item with the lowest priority, taken out; undefined when empty. */
  pop(): number | undefined {
    const { items, priorities } = this;
    const top = items[0];
    const lastItem = items.pop();
    const lastPriority = priorities.pop();
    if (items.length === 0 || lastItem === undefined || lastPriority === undefined) return top;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && (priorities[right] as number) < (priorities[left] as number) ? right : left;
      if ((priorities[child] as number) >= lastPriority) break;
      items[index] = items[child] as number;
      priorities[index] = priorities[child] as number;
      index = child;
    }
    items[index] = lastItem;
    priorities[index] = lastPriority;
    return top;
  }
}
